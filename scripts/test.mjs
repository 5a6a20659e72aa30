#!/usr/bin/env node
// `npm test`: type-check, lint, build, then every test, printing each stage's
// time so that the CI budget (15 minutes on two cores) stays visible.
import { spawnSync } from 'node:child_process';

const stages = [
  ['typecheck', 'npx', ['tsc', '--noEmit']],
  ['lint', 'npx', ['eslint', 'src', 'test', 'bin', 'scripts', 'bench']],
  ['build', 'node', ['scripts/build.mjs']],
  ['vitest', 'npx', ['vitest', 'run', ...process.argv.slice(2)]],
];

const times = [];
for (const [name, cmd, args] of stages) {
  const started = Date.now();
  console.log(`\n== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  times.push(`${name} ${seconds} s`);
  console.log(`== ${name} took ${seconds} s`);
  if (r.status !== 0) {
    console.log(`== stages: ${times.join(', ')}; ${name} failed`);
    process.exit(r.status ?? 1);
  }
}
console.log(`== stages: ${times.join(', ')}`);
