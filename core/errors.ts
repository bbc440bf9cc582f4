// Errors at the program's boundaries carry a stable code; the CLI prints their message on one line.
export class AgentwatchError extends Error {
  constructor(readonly code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export const ConfigError = (message: string) => new AgentwatchError('AW_ERR_CONFIG_INVALID', message);
export const AlreadyRunningError = (message: string) => new AgentwatchError('AW_ERR_ALREADY_RUNNING', message);
export const PortInUseError = (message: string) => new AgentwatchError('AW_ERR_PORT_IN_USE', message);
export const StateDirError = (message: string) => new AgentwatchError('AW_ERR_STATE_DIR', message);
