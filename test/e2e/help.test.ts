/**
 * `--help` in the clerk's language (SPEC §10): under a Chinese locale or
 * `--lang zh`, every description and heading is Chinese; what stays Latin is
 * what the clerk types (commands, options, placeholders, file names).
 */
import { describe, expect, it } from 'vitest';
import { assess } from './cli.js';

const COMMANDS = [[], ['run'], ['rules'], ['rules', 'check'], ['year'], ['explain'], ['diff'], ['init'], ['history']];

/** The help text without what a clerk types: options, placeholders, command names, paths and values. */
function prose(help: string): string {
  return help
    .replace(/--?[a-zA-Z][a-zA-Z-]*/g, '')
    .replace(/<[^>]*>|\[[^\]]*\]/g, '')
    .replace(/\$ASSESS_LEDGER|\.\/assess\.db|\.\/rules|roster\.csv|DIR\/rules|assess/g, '')
    .replace(/\b(run|rules|year|explain|diff|init|history|help|check|files|employee|CSV|DIR|YYYY|table|csv|json|en|zh|utf8|utf16le|gb18030|ledger|PostgreSQL)\b/g, '');
}

describe('--help', () => {
  it.each(COMMANDS)('is Chinese under LANG=zh_CN.UTF-8: assess %s --help', (...cmd) => {
    const r = assess([...cmd, '--help'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('用法：');
    expect(prose(r.stdout)).not.toMatch(/[A-Za-z]{2,}/);
  });

  it('writes the usage placeholders in Chinese and lines descriptions up by display width', () => {
    const r = assess(['--help'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(r.stdout).toContain('用法： assess [选项] [命令]');
    expect(r.stdout).not.toMatch(/\[options\]|\[command\]/);
    // Each command's description starts in the same screen column, a Chinese character counting two.
    const width = (s: string): number => [...s].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
    const starts = r.stdout.split('\n').filter((l) => /^ {2}(run|rules|year|explain|diff|history|ledger) /.test(l)).map((l) => width(/^(.*?\S {2,})\S/.exec(l)?.[1] ?? ''));
    expect(starts).toHaveLength(7);
    expect(new Set(starts).size).toBe(1);
  });

  it('follows --lang over the locale, both ways', () => {
    const zh = assess(['run', '--help', '--lang', 'zh']);
    expect(zh.stdout).toContain('--format <format>  输出格式（可选：table、csv、json；默认：table）');
    const en = assess(['run', '--help', '--lang', 'en'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(en.stdout).toContain('Usage: assess run [options] <files...>');
    expect(en.stdout).toContain('output format (choices: "table", "csv", "json",');
    expect(en.stdout).not.toMatch(/[\u4e00-\u9fff]/);
  });
});
