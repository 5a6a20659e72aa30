/**
 * `assess rules check` speaks the clerk's language (SPEC §10): the line that
 * says the folder is sound, and each problem with its place, in Chinese with
 * `--lang zh` or a Chinese LANG, in English otherwise.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, assess } from './cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'assess-rules-check-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A copy of the shipped rules in a fresh folder, with `policy.yaml` added when given. */
function folder(name: string, policy?: string): string {
  const dir = path.join(tmp, name);
  fs.cpSync(path.join(ROOT, 'rules'), path.join(dir, 'rules'), { recursive: true });
  if (policy !== undefined) fs.writeFileSync(path.join(dir, 'rules', 'policy.yaml'), policy);
  return dir;
}

describe('assess rules check', () => {
  const sound = folder('sound');

  it('says the folder is sound, in Chinese', () => {
    const zh = assess(['rules', 'check', '--lang', 'zh'], { cwd: sound });
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toMatch(/^考核细则检查通过：rules\/ 共 14 条规则（哈希 [0-9a-f]{12}）\n$/);
    const byLang = assess(['rules', 'check'], { cwd: sound, env: { LANG: 'zh_CN.UTF-8' } });
    expect(byLang.stdout).toBe(zh.stdout);
    const en = assess(['rules', 'check'], { cwd: sound, env: { LANG: 'C' } });
    expect(en.stdout).toMatch(/^rules OK: 14 rules in rules\/ \(hash [0-9a-f]{12}\)\n$/);
  });

  it('lists every problem of a broken folder with its code-worded Chinese, and exits 1', () => {
    const dir = folder('broken', [
      'policy: 测试',
      'rules:',
      '  - id: missed',
      '    on: training',
      '    when: stauts == "absent"',
      '    effects: { points: -1 }',
      '  - id: late',
      '    on: trainig',
      '    when: status == "late"',
      '    effects: { points: -1 }',
      '',
    ].join('\n'));
    const r = assess(['rules', 'check'], { cwd: dir, env: { LANG: 'zh_CN.UTF-8' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe([
      'rules/policy.yaml 第5行第11列：培训记录没有 "stauts" 这个字段，是否为 "status"？（可用字段：date、employee、status、session、type、note）',
      'rules/policy.yaml 第8行第9列：on "trainig" 不对，是否为 "training"？可写的值：incident（事件）、complaint（投诉）、training（培训）',
      '规则文件夹 rules/ 有 2 处问题（assess rules check 会逐条列出）',
      '',
    ].join('\n'));
    const json = assess(['rules', 'check', '--format', 'json', '--lang', 'zh'], { cwd: dir });
    expect(json.code).toBe(1);
    const codes = (JSON.parse(json.stdout) as { problems: { code: string }[] }).problems.map((p) => p.code);
    expect(codes).toEqual(['RULES_UNKNOWN_FIELD', 'RULES_NOT_ONE_OF']);
  });
});
