// Agent stamps in a process environment (read and parsed by collectors/proc; which variables stamp which
// agent is catalog data, core/agents/catalog.yaml, and the stamp itself is core). Agents stamp the
// processes they spawn, which is how an OS event is tied to a session without any help from hooks
// (../shared/reference/real-agents.md).
import { stampOf } from '../../core/agents/stamp.js';
import type { EnvStamp } from '../../core/agents/stamp.js';

export { stampOf, type EnvStamp };
