// react 19 ships no type declarations and @types/react is not a dependency: the few hooks the terminal
// console uses, typed here (ink's components are typed by ink's own declarations).
declare module 'react' {
  type SetState<T> = (next: T | ((prev: T) => T)) => void;
  export function useState<T>(initial: T | (() => T)): [T, SetState<T>];
  export function useEffect(effect: () => void | (() => void), deps?: readonly unknown[]): void;
  export function useRef<T>(initial: T): { current: T };
  export function createElement(type: unknown, props?: Record<string, unknown> | null, ...children: unknown[]): unknown;
  const React: { useState: typeof useState; useEffect: typeof useEffect; useRef: typeof useRef; createElement: typeof createElement };
  export default React;
}
