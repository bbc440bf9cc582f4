// Packages named one letter off a popular one (typosquats, and names a model misremembers), written after the
// rule with other installers, runners, edits and spellings than its examples; and everyday installs that stay quiet.
import { describe, expect, it } from 'vitest';
import { bash, aloneOf, rulesOfCommand } from './replay.js';

const lookalike = (command: string) => aloneOf(bash(command)).find((f) => f.rule === 'package-name-lookalike');

describe('a package one letter off a popular one', () => {
  it.each([
    ['pip as a module, a letter swapped', 'python3 -m pip install --user flsak', 'flsak', 'flask'],
    ['uv add, two letters swapped', 'uv add pydnatic', 'pydnatic', 'pydantic'],
    ['poetry, a letter dropped', 'poetry add requets', 'requets', 'requests'],
    ['pnpm dev dependency, two letters swapped', 'pnpm add -D typescirpt', 'typescirpt', 'typescript'],
    ['yarn, a letter doubled', 'yarn add expresss', 'expresss', 'express'],
    ['bunx, a runner', 'bunx prettierr --write .', 'prettierr', 'prettier'],
    ['pipx run', 'pipx run blakc src/', 'blakc', 'black'],
    ['a scoped types package', 'npm i -D @types/nodee', '@types/nodee', '@types/node'],
    ['a version specifier after the name', "pip install 'numpyy>=1.26'", 'numpyy', 'numpy'],
    ['a separator PyPI does not fold away', 'pip install Jinja-2', 'jinja-2', 'jinja2'],
    ['among other packages', 'npm install react react-dom axois', 'axois', 'axios'],
    // A run installs only what it is given to run with (2026-12-07).
    ['uv run given a package to run with', 'uv run --with pandsa analysis.py', 'pandsa', 'pandas'],
    ['uv run given a list to run with', 'uv run --with=httpx,pytset -- pytest', 'pytset', 'pytest'],
    ['uv tool run, a runner', 'uv tool run httpxx https://example.com', 'httpxx', 'httpx'],
  ])('%s: %s', (_name, command, name, like) => {
    const f = lookalike(command);
    expect(f?.severity).toBe('medium');
    expect(f?.title).toBe(`Installed ${name}, one letter off ${like}`);
  });

  it.each([
    'pip install python-dateutil Flask-SQLAlchemy',
    'npm i -D @types/react-dom',
    'npm install react@18.3.1 react-dom@18.3.1',
    'pip install torch==2.1.0+cpu --index-url https://download.pytorch.org/whl/cpu',
    'pip install -r requirements.txt',
    'npm ci',
    'pip install -e .',
    'uvx ruff check .',
    'npx create-react-app my-app',
    'pip install scapy markdown2',
    'npm i server graphiql',
    "pip install 'requests[socks]>=2.31'",
    'npm install preact colors color',
    'pip install boto boto3 tomli toml',
    // The project's environment runs a program installed before: no package is named (2026-12-07).
    'poetry run python manage.py runserver',
    'pipenv run python -m unittest',
    'hatch run python -c "import sys; print(sys.version)"',
    'pdm run python scripts/seed.py',
    'uv run python -m pytest -q',
    'rye run python app.py',
  ])('quiet: %s', (command) => {
    expect(rulesOfCommand(command)).not.toContain('package-name-lookalike');
  });
});
