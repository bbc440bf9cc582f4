// Sent (with the deadline, ISO 8601) as soon as a hook call is held for the developer; the answer body
// follows when they decide. The `agentwatch hook` forwarder reads it to wait past its usual timeout.
// Its own module: the forwarder runs on every hook and must not load the server to learn one name.
export const HELD_UNTIL_HEADER = 'x-agentwatch-held-until';
