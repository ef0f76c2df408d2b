// Public surface of the early-warning engine (stories, spikes, virality, risk).
export * from "./engine.ts";
export * from "./risk.ts";
export * from "./size-predictor.ts";
export * from "./story-clusterer.ts";
export * from "./text-signature.ts";
export * from "./volume-detector.ts";
