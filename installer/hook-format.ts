// What one installer module (installer/<format>-hooks.ts) does: pure edits of an agent's hook config,
// adding agentwatch's hooks next to whatever is there and taking exactly those out again. The catalog's
// `install.format` names the module; `agent` is the kind being installed (the hooks name it).

type Json = Record<string, unknown>;

/**
 * Where the hooks send events: the daemon's http endpoint, and the command-hook forwarder line; `secret` is
 * the install secret http hooks must carry (command hooks read it from the state dir when they run).
 */
export interface HookTargets {
  url: string; command: string; secret: string;
  /**
   * Seconds a hook the agent waits on may take: the hold timeout + 15 s when the policy holds calls for the
   * developer (docs/hold.md); absent: each agent's usual hook timeout.
   */
  waitS?: number;
}

export interface HookFormat {
  /** True when every event already has exactly our hook (so install is a no-op). */
  has(settings: Json, targets: HookTargets, agent: string): boolean;
  /** Settings with our hooks added (older agentwatch hooks replaced); never mutates its input. */
  add(settings: Json, targets: HookTargets, agent: string): Json;
  /** Settings with every agentwatch hook of this agent taken out. */
  remove(settings: Json, agent: string): Json;
  /**
   * Only for a config that holds the install secret (written 0600): the settings with the secret of our
   * hooks replaced (`agentwatch token rotate`), everything else as it was.
   */
  setSecret?(settings: Json, agent: string, secret: string): Json;
}

/**
 * A format edited as text, for files a JSON round trip would damage (TOML with comments): agentwatch's
 * lines go between marker comments, so taking them out leaves every other byte as it was.
 * A module exports it as `textFormat` instead of `format`.
 */
export interface TextHookFormat {
  has(text: string, targets: HookTargets, agent: string): boolean;
  /** The text with our lines (older ones replaced); throws AgentwatchError when the result would not parse. */
  add(text: string, targets: HookTargets, agent: string): string;
  remove(text: string, agent: string): string;
}
