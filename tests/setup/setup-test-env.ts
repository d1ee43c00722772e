// Runs before every test file: quiet logs, and the app server (when a test starts one) loads the Remix plugin.
process.env.LOG_LEVEL ??= "silent";
process.env.ORDERBRIDGE_APP_SERVER = "1";
