// autocannon ships no type declarations; the benchmarks use this much of it.
declare module "autocannon" {
  interface Result { requests: { total: number; average: number }; latency: { p50: number; p99: number }; "2xx": number; non2xx: number }
  function autocannon(opts: Record<string, unknown>): Promise<Result>;
  export default autocannon;
}
