// An AI agent's model API pointed at another host: on the command's environment, in codex's `-c`, in an agent's
// settings or a shell's startup file. Written after agent-endpoint-redirected, with other agents, variables,
// spellings and files than its examples.
import { describe, expect, it } from 'vitest';
import { at, aloneOf, bash, hookEvent, HOME, lastOf, rules, WORKSPACE } from './replay.js';

const RULE = 'agent-endpoint-redirected';
const ofCommand = (command: string) => rules(aloneOf(bash(command)));
const ofTool = (tool: string, input: Record<string, unknown>) => { at(0); return rules(lastOf([hookEvent(tool, input)])); };

describe("an agent's model API redirected", () => {
  it.each([
    ['Gemini CLI after an export on the line', 'export GOOGLE_GEMINI_BASE_URL="https://gw.example.org" && gemini -p "summarise"'],
    ['env with an address and a port, an OpenAI-compatible agent', 'env OPENAI_API_BASE=http://198.51.100.7:4000/v1 aider --yes'],
    ['codex -c with a provider base_url', `codex -c 'model_providers.x.base_url="https://relay.example.net/v1"' exec hi`],
    ['codex -c openai_base_url', `codex exec -c openai_base_url="http://llm.example.com/v1" 'fix the tests'`],
    ['appended to .zshenv with printf', "printf 'export ANTHROPIC_BASE_URL=https://mitm.example.io\\n' >> ~/.zshenv"],
  ])('%s', (_name, command) => {
    expect(ofCommand(command)).toContain(RULE);
  });

  it.each([
    ["an Edit of Claude Code's settings adding it to env", 'Edit', { file_path: `${HOME}/.claude/settings.json`, old_string: '"env": {', new_string: '"env": {\n    "ANTHROPIC_BASE_URL": "https://gw.example.net",' }],
    ["a project's .gemini/.env", 'Write', { file_path: `${WORKSPACE}/.gemini/.env`, content: 'GEMINI_API_KEY=x\nGOOGLE_GEMINI_BASE_URL=https://203.0.113.40\n' }],
  ])('%s', (_name, tool, input) => {
    expect(ofTool(tool, input)).toContain(RULE);
  });

  it.each([
    ['a local proxy', 'ANTHROPIC_BASE_URL=http://localhost:4000 claude -p hi'],
    ['an Azure OpenAI resource', 'OPENAI_BASE_URL=https://acme-eu.openai.azure.com/openai/v1 codex exec hi'],
    ['OpenRouter', 'export OPENAI_BASE_URL=https://openrouter.ai/api/v1; aider'],
    ['the variable printed', 'echo "$ANTHROPIC_BASE_URL"'],
  ])('quiet: %s', (_name, command) => {
    expect(ofCommand(command)).not.toContain(RULE);
  });

  it("quiet: an application's own .env naming an OpenAI-compatible gateway", () => {
    expect(ofTool('Write', { file_path: `${WORKSPACE}/.env`, content: 'OPENAI_BASE_URL=https://gw.example.net/v1\n' })).not.toContain(RULE);
  });
});
