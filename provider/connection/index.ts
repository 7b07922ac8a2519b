export * from "./model";
export * from "./rules";
export * from "./validate";
export * from "./plan";
export * from "./fingerprint";
export * from "./errors";
export * from "./lifecycle";
