// Fan-out of one signal (hook activity, a new workspace, agent presence) to the collectors that asked for it.
/** Listeners of one kind (hook activity, new workspaces); one that throws is reported and the rest still run. */
export class Listeners<T> {
  private readonly list: ((value: T) => void)[] = [];
  constructor(private readonly onError: (err: unknown) => void) {}
  add = (listener: (value: T) => void): void => { this.list.push(listener); };
  emit = (value: T): void => {
    for (const l of this.list) {
      try { l(value); } catch (err) { this.onError(err); }
    }
  };
}
