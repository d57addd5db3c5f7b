// After heavy but rare work (a digest run with its charts, the demo's alert replay at a first start), a full
// garbage collection compacts the heap so its freed pages go back to the system now, instead of whenever V8 next
// finds the process idle: a server that posted its morning digests idles as lean as before them. It needs
// --expose-gc (npm start passes it); without it this does nothing. A full collection of Starling's heap takes a
// few tens of ms, paid a few times a day.
export function giveBackMemory(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
