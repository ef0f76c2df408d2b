// The "iceberg" rule of thumb from customer-service research: behind each customer who
// complains stand about 25 unhappy customers, 24 of whom never say so, and each unhappy
// customer tells 10 to 20 people. Always shown labelled as an estimate, never as a count.

export interface IcebergEstimate {
  complainers: number;
  /** Estimated unhappy customers including the complainers (x25). */
  unhappy: number;
  /** Estimated silent unhappy customers (x24). */
  silent: number;
  /** Estimated people told, low..high (unhappy x 10..20). */
  toldLow: number;
  toldHigh: number;
  label: string;
}

export const ICEBERG_LABEL = "Estimate (rule of thumb: ~25 unhappy customers per complainer, 24 silent; each tells 10-20 people). Not a measurement.";

export function icebergEstimate(complainers: number): IcebergEstimate {
  const n = Math.max(0, Math.floor(complainers));
  const unhappy = n * 25;
  return { complainers: n, unhappy, silent: n * 24, toldLow: unhappy * 10, toldHigh: unhappy * 20, label: ICEBERG_LABEL };
}
