// A dependency one letter off a popular package written into a project's manifest (the install-time check, moved to
// the file every install reads). Written after manifest-package-lookalike, with other manifests, package managers'
// spellings and edits than its examples; and manifests that name the real packages, their own name and version, or
// keep a name that was already there, quiet.
import { describe, expect, it } from 'vitest';
import { aloneOf, bash, hookEvent, rules } from './replay.js';

const WS = '/home/dev/proj';
const write = (path: string, content: string) => aloneOf(hookEvent('Write', { file_path: `${WS}/${path}`, content }));
const edit = (path: string, old: string, next: string) => aloneOf(hookEvent('Edit', { file_path: `${WS}/${path}`, old_string: old, new_string: next }));
const lookalikeIn = (found: ReturnType<typeof aloneOf>) => found.filter((f) => f.rule === 'manifest-package-lookalike');

describe('a lookalike dependency written into a manifest', () => {
  it.each([
    ['package.json edited, a letter added', () => edit('package.json', '"cors": "^2.8.5"', '"cors": "^2.8.5",\n    "expresss": "^4.19.2"'), 'express'],
    ['a workspace package.json written, a tilde range', () => write('packages/api/package.json', '{"name": "api", "dependencies": {"axois": "~1.7.2"}}'), 'axios'],
    ['requirements with extras and a lower bound', () => write('requirements.txt', 'flask>=3\nreqeusts[socks]>=2.31\n'), 'requests'],
    ["a requirements directory's file", () => write('requirements/dev.txt', '-r base.txt\npandsa==2.2.2\n'), 'pandas'],
    ['pyproject dependencies, letters swapped', () => write('pyproject.toml', '[project]\nname = "svc"\nversion = "0.1.0"\ndependencies = [\n  "fastapi>=0.110",\n  "pydnatic>=2",\n]\n'), 'pydantic'],
    ["Poetry's table", () => edit('pyproject.toml', '[tool.poetry.dependencies]\npython = "^3.11"', '[tool.poetry.dependencies]\npython = "^3.11"\nnumpyy = "^1.26"'), 'numpy'],
    ['appended by the shell', () => aloneOf(bash("echo 'coloramma==0.4.6' >> requirements.txt")), 'colorama'],
  ])('%s', (_name, found, like) => {
    const hits = lookalikeIn(found());
    expect(hits.map((f) => f.severity)).toEqual(['medium']);
    expect(hits[0]!.reason).toContain(`popular package ${like}`);
  });

  it.each([
    ['the real packages, with the project name and engines', () => write('package.json', '{"name": "expresss-demo", "version": "1.0.0", "engines": {"node": ">=20"}, "dependencies": {"express": "^4.19.2", "axios": "1.7.2"}}')],
    ['a lookalike that was there, re-pinned', () => edit('requirements.txt', 'reqeusts==2.31.0', 'reqeusts==2.32.3')],
    ["pyproject's own name one letter off a package", () => write('pyproject.toml', '[project]\nname = "flaks"\nversion = "0.1.0"\ndependencies = ["flask>=3"]\n')],
    ['a README that mentions the lookalike', () => write('README.md', 'Do not install reqeusts==2.32.3, it is a typosquat.')],
    ['comments and options in requirements', () => write('requirements.txt', '# pin numpy\n--index-url https://pypi.org/simple\nnumpy==1.26.4\n')],
  ])('quiet: %s', (_name, found) => {
    expect(rules(found())).not.toContain('manifest-package-lookalike');
  });
});
