#!/usr/bin/env node
import { main } from '../dist/assess.js';

process.exitCode = await main(process.argv.slice(2));
