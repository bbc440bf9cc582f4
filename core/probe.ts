// Synthetic hook events `agentwatch doctor` sends through each agent's configured hook path to see that it
// reaches the daemon. Their session id carries this prefix: the daemon notes their arrival (GET
// /v1/probes/<id>) and answers them, but never stores, judges or counts them as agent activity.
export const PROBE_SESSION_PREFIX = 'agentwatch-doctor-';

export const isProbeSession = (sessionId: string | undefined): boolean => sessionId?.startsWith(PROBE_SESSION_PREFIX) === true;
