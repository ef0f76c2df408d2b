// Plain metric helpers for the benchmark (no dependency on any engine).
export function macroF1<L extends string>(gold: L[], pred: L[], classes: readonly L[]): number {
  let sum = 0;
  for (const c of classes) sum += prf(gold.map((g) => g === c), pred.map((p) => p === c)).f1;
  return sum / classes.length;
}
export function accuracy<L>(gold: L[], pred: L[]): number {
  let ok = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === pred[i]) ok++;
  return gold.length ? ok / gold.length : 0;
}
export function prf(gold: boolean[], pred: boolean[]): { p: number; r: number; f1: number } {
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < gold.length; i++) {
    if (pred[i] && gold[i]) tp++; else if (pred[i]) fp++; else if (gold[i]) fn++;
  }
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = tp + fn ? tp / (tp + fn) : 0;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
}
export function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n, mb = b.reduce((s, x) => s + x, 0) / n;
  let num = 0, da = 0, db = 0;
  for (let i = 0; i < n; i++) { const x = a[i] - ma, y = b[i] - mb; num += x * y; da += x * x; db += y * y; }
  return da && db ? num / Math.sqrt(da * db) : 0;
}
