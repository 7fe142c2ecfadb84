import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registry } from '../../registry/index.ts';
import { brokenLinks, quotedRuns, staleRuns } from './quoted.ts';

const readme = readFileSync('README.md', 'utf8');

describe('README.md', () => {
  it('should stay a front door of at most 150 lines', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(150);
  });

  it("should give CI's test command as the set-up command", () => {
    expect(readFileSync('.ci/run', 'utf8')).toMatch(/^npm test$/m);
    expect(readme).toContain('npm ci && npm test');
  });

  it('should quote its first check as the command prints it today', () => {
    expect(quotedRuns(readme).length).toBeGreaterThan(0);
    expect(staleRuns('README.md', { registry })).toEqual([]);
  });

  it('should say what every package in package.json is for', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, Record<string, string> | undefined>;
    const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(readme, name).toMatch(new RegExp(`^\\| ${name.replace(/[/.]/g, '\\$&')}( \\(dev\\))? \\| \\S`, 'm'));
  });

  it('should list every registered model with a link to its page', () => {
    for (const model of registry) {
      expect(readme).toContain(`| \`${model.name}\` |`);
      expect(readme).toContain(`(docs/models/${model.name}.md)`);
    }
  });

  it('should link only to files that exist', () => {
    expect(brokenLinks('README.md')).toEqual([]);
  });

});
