// Package names one keystroke away from a popular one (`reqeusts`, `lodahs`, `@anthropic-ai/claude-codee`):
// how typosquatters catch a typing developer, and what an agent installs when it misremembers a name or is
// told to by a prompt it read. Judged offline: the most depended-on npm and PyPI packages (and the agents'
// own), and their neighbours that are popular too, so `preact` is not `react` misspelt. Names under five
// characters are left alone: too many real short names sit one letter apart.
import type { Ecosystem } from './command/package-installs.js';

const NPM = `react react-dom preact vue svelte next nuxt express koa fastify lodash lodash-es underscore moment dayjs date-fns axios
node-fetch superagent request chalk commander yargs minimist debug dotenv nanoid classnames prop-types redux react-redux zustand
mobx rxjs typescript webpack webpack-cli rollup vite vitest esbuild parcel eslint tslint prettier mocha sinon karma jasmine cypress
playwright puppeteer puppeteer-core selenium-webdriver nodemon concurrently cross-env rimraf mkdirp minimatch chokidar fs-extra
graceful-fs semver colors color ansi-styles strip-ansi inquirer execa shelljs cheerio jsdom marked markdown-it highlight.js
handlebars mustache socket.io socket.io-client mongoose mongodb mysql mysql2 sqlite3 better-sqlite3 sequelize typeorm prisma knex
redis ioredis bcrypt bcryptjs jsonwebtoken passport helmet body-parser cookie-parser multer morgan winston bunyan validator
bluebird async immutable ramda tslib core-js regenerator-runtime styled-components tailwindcss postcss autoprefixer sass less
bootstrap jquery three chart.js electron sharp canvas pdfkit papaparse csv-parse js-yaml xml2js query-string path-to-regexp
http-proxy http-server serve server live-server graphiql browserify gulp grunt lerna husky lint-staged ts-node nodemailer stripe openai graphql
apollo-server firebase aws-sdk googleapis discord.js telegraf twilio node-cron bullmq kafkajs amqplib fast-glob picomatch micromatch
source-map source-map-support cross-spawn signal-exit lru-cache inherits safe-buffer readable-stream string-width wrap-ansi
supports-color escape-string-regexp uglify-js terser cookie cookies pino-pretty undici nock supertest jest-cli
@anthropic-ai/sdk @anthropic-ai/claude-code @google/gemini-cli @openai/codex @modelcontextprotocol/sdk @types/node @types/react
@types/react-dom @types/express @types/jest @babel/core @babel/preset-env @babel/cli @emotion/react @emotion/styled @mui/material
@angular/core @angular/cli @nestjs/core @nestjs/common @vue/cli @sveltejs/kit @tanstack/react-query @prisma/client
@testing-library/react @testing-library/jest-dom @playwright/test @vitejs/plugin-react @typescript-eslint/parser
@typescript-eslint/eslint-plugin @reduxjs/toolkit @sentry/node @sentry/react @octokit/rest @aws-sdk/client-s3 @google-cloud/storage`;

const PYPI = `requests urllib3 certifi charset-normalizer chardet setuptools wheel numpy pandas scipy matplotlib seaborn plotly
scikit-learn scikit-image tensorflow tensorflow-cpu tensorflow-gpu keras torch torchvision torchaudio torchx transformers
tokenizers datasets accelerate diffusers sentencepiece safetensors huggingface-hub openai anthropic langchain langchain-core
langchain-openai llama-index tiktoken pydantic pydantic-core fastapi starlette uvicorn gunicorn flask django djangorestframework
werkzeug jinja2 markupsafe itsdangerous click blinker sqlalchemy alembic psycopg2 psycopg2-binary psycopg pymysql mysqlclient
redis pymongo celery kombu boto3 botocore boto s3transfer awscli google-cloud-storage google-api-python-client
azure-storage-blob pyyaml toml tomli tomlkit python-dotenv python-dateutil pytz tzdata arrow pendulum attrs cattrs packaging
pyparsing typing-extensions cryptography pyopenssl pycparser bcrypt paramiko pyjwt oauthlib requests-oauthlib httpx httpcore
aiohttp aiofiles websockets websocket-client grpcio protobuf beautifulsoup4 html5lib scrapy selenium playwright pillow
opencv-python imageio pytest pytest-cov pytest-mock pytest-asyncio coverage black flake8 pylint isort pre-commit autopep8 colorama
termcolor tabulate typer hyper docopt scapy fabric2 loguru structlog sentry-sdk jsonschema simplejson ujson orjson msgpack marshmallow networkx
sympy simpy statsmodels xgboost lightgbm catboost spacy gensim textblob jupyter notebook ipython ipykernel jupyterlab poetry
virtualenv pipenv docker kubernetes ansible fabric invoke pexpect psutil watchdog schedule apscheduler openpyxl xlsxwriter pyarrow
polars numba cython sqlparse jmespath decorator wrapt more-itertools filelock platformdirs distlib anyio sniffio multidict
frozenlist aiosignal async-timeout greenlet gevent eventlet pyserial pluggy iniconfig exceptiongroup regex pygments docutils sphinx
markdown markdown2 mistune bleach humanize faker factory-boy hypothesis responses freezegun web3 eth-account solana bitcoinlib pandas-stubs
types-requests mypy-extensions nltk pytorch`;

const POPULAR: Record<Ecosystem, ReadonlySet<string>> = { npm: new Set(NPM.split(/\s+/)), pypi: new Set(PYPI.split(/\s+/)) };

/** The popular package `name` is one edit away from (a letter added, dropped, changed or two swapped), or undefined. */
export function lookalikeOf(ecosystem: Ecosystem, name: string): string | undefined {
  const popular = POPULAR[ecosystem];
  if (popular.has(name)) return undefined;
  for (const p of popular) if (p.length >= 5 && Math.abs(p.length - name.length) <= 1 && oneEditApart(name, p)) return p;
  return undefined;
}

/** Damerau–Levenshtein distance exactly 1, in one pass. */
function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  if (a.length > b.length) [a, b] = [b, a];
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // one letter changed
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // two swapped
  }
  return a.slice(i) === b.slice(i + 1); // one letter added
}
