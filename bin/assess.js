#!/usr/bin/env node
import { loadCli } from './load.js';

const { main, cache } = loadCli();
if ((process.env.ASSESS_DEBUG ?? '').split(',').includes('cache')) process.stderr.write(`assess: code cache ${cache}\n`);
process.exitCode = await main(process.argv.slice(2));
