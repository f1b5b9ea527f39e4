/**
 * prom-client validates and copies the label values on every `labels(...)` call; a hot path asks once per
 * combination and keeps the child, found again through one map per label (no key string is built per call).
 * The combinations are bounded by the label lists (README "Metrics").
 */
export function childrenBy<Values extends readonly string[], Child>(make: (...values: Values) => Child): (...values: Values) => Child {
  const root = new Map<string, unknown>();
  return (...values) => {
    let node = root;
    const last = values.length - 1;
    for (let i = 0; i < last; i += 1) {
      const value = values[i] as string;
      let next = node.get(value) as Map<string, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(value, next);
      }
      node = next;
    }
    const leaf = values[last] as string;
    let child = node.get(leaf) as Child | undefined;
    if (child === undefined) {
      child = make(...values);
      node.set(leaf, child);
    }
    return child;
  };
}
