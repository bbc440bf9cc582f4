// A Map that forgets its least recently used entries beyond a capacity, and counts what it forgot.
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();
  evicted = 0;

  /** `onEvict` is told of each entry forgotten for room (to release what it holds, e.g. a file descriptor). */
  constructor(private readonly capacity: number, private readonly onEvict?: (key: K, value: V) => void) {}

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) { this.map.delete(key); this.map.set(key, v); }
    return v;
  }

  /** Whether it holds `key`, without making it the most recently used. */
  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) {
      const [oldest, old] = this.map.entries().next().value as [K, V];
      this.map.delete(oldest);
      this.evicted++;
      this.onEvict?.(oldest, old);
    }
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  /** The values, least recently used first (reading them moves none). */
  values(): IterableIterator<V> {
    return this.map.values();
  }

  get size(): number {
    return this.map.size;
  }
}
