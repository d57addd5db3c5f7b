// Grouping without copying: `[...(map.get(k) ?? []), v]` copies the group on every row, which is quadratic in the
// group's size; appending in place is linear.

/** Appends `value` to the list under `key`, creating it on first use. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, ...values: V[]): void {
  const list = map.get(key);
  if (list) list.push(...values);
  else map.set(key, values);
}
