// k6 provides a console in every VU; @types/k6 does not declare it, and the scenarios do not load DOM or Node types.
declare const console: {
  log(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
};
