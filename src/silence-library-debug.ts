/**
 * Imported first by `main.ts`, before any library: libraries that log through the `debug` package (express,
 * body-parser, router, finalhandler) print request URLs, headers and bodies to stderr when `DEBUG` names them,
 * which would bypass the redacting logger (tokens, patient ids). `debug` reads `DEBUG` once, when it loads, so
 * removing the variable here keeps every copy of it silent whatever the environment says. The service's own logs
 * go through pino (`src/log.ts`) with `LOG_LEVEL`.
 */
delete process.env.DEBUG;
