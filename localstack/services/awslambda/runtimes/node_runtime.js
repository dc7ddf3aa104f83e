// Lambda Runtime API client for Node.js handlers: runs in each worker process (our own, no dependencies).
'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');
const util = require('util');
const { pathToFileURL } = require('url');

const [HOST, PORT] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const BASE = '/2018-06-01/runtime';
const TASK_ROOT = process.env.LAMBDA_TASK_ROOT || process.cwd();
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let currentRequestId = '';

function call(method, urlPath, body, headers) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: HOST, port: PORT, method, path: BASE + urlPath, agent, headers: headers || {} },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => resolve({ response, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      },
    );
    request.on('socket', (socket) => socket.setNoDelay(true));
    request.on('error', reject);
    request.end(body);
  });
}

// As in AWS: "time\trequest id\tLEVEL\tmessage" for every console call.
function patchConsole() {
  const levels = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE' };
  for (const [name, level] of Object.entries(levels)) {
    console[name] = (...args) => {
      const line = `${new Date().toISOString()}\t${currentRequestId || 'undefined'}\t${level}\t${util.format(...args)}`;
      process.stdout.write(line.replace(/\n/g, '\r') + '\n');
    };
  }
}

function errorOf(error) {
  if (error instanceof Error) {
    return { errorType: error.name, errorMessage: error.message, trace: String(error.stack || '').split('\n') };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

function initError(type, message, error) {
  const trace = error && error.stack ? String(error.stack).split('\n') : [];
  return { errorType: type, errorMessage: message, trace };
}

function findModule(modulePath) {
  for (const extension of ['.js', '.mjs', '.cjs']) {
    const file = path.resolve(TASK_ROOT, modulePath + extension);
    if (fs.existsSync(file)) return file;
  }
  return null;
}

async function loadModule(file) {
  if (file.endsWith('.mjs')) return importEsm(file);
  try {
    return require(file);
  } catch (error) {
    if (error.code === 'ERR_REQUIRE_ESM' || error.code === 'ERR_REQUIRE_ASYNC_MODULE') return importEsm(file);
    throw error;
  }
}

async function importEsm(file) {
  // NODE_PATH does not reach `import`: a resolve hook falls back to its directories (SDK v3, layers).
  const module = require('module');
  if (module.register) module.register(pathToFileURL(path.join(__dirname, 'node_esm_hooks.mjs')));
  return import(pathToFileURL(file).href);
}

async function loadHandler(handlerName) {
  const slash = handlerName.lastIndexOf('/');
  const dot = handlerName.indexOf('.', slash + 1);
  if (dot < 0) {
    return initError('Runtime.MalformedHandlerName', `Bad handler ${handlerName}`);
  }
  const modulePath = handlerName.slice(0, dot);
  const functionPath = handlerName.slice(dot + 1);
  const file = findModule(modulePath);
  if (!file) {
    const message = `Error: Cannot find module '${path.basename(modulePath)}'\nRequire stack:\n- /var/runtime/index.mjs`;
    return initError('Runtime.ImportModuleError', message);
  }
  let loaded;
  try {
    loaded = await loadModule(file);
  } catch (error) {
    if (error instanceof SyntaxError) {
      return initError('Runtime.UserCodeSyntaxError', `SyntaxError: ${error.message}`, error);
    }
    if (error && error.code === 'MODULE_NOT_FOUND') {
      return initError('Runtime.ImportModuleError', `Error: ${error.message}`, error);
    }
    return initError(error && error.name ? error.name : 'Error', error && error.message, error);
  }
  let handler = loaded;
  for (const part of functionPath.split('.')) handler = handler == null ? undefined : handler[part];
  if (typeof handler !== 'function') {
    return initError('Runtime.HandlerNotFound', `${path.basename(modulePath)}.${functionPath} is undefined or not exported`);
  }
  return handler;
}

function makeContext(headers) {
  const deadline = Number(headers['lambda-runtime-deadline-ms'] || 0);
  const parse = (value) => (value ? JSON.parse(value) : undefined);
  return {
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: parse(headers['lambda-runtime-client-context']),
    identity: parse(headers['lambda-runtime-cognito-identity']),
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

function runHandler(handler, event, context) {
  return new Promise((resolve, reject) => {
    const callback = (error, result) => (error != null ? reject(error) : resolve(result));
    context.succeed = (result) => resolve(result);
    context.fail = (error) => reject(error);
    context.done = callback;
    try {
      const returned = handler(event, context, callback);
      if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
      else if (handler.length < 3) resolve(returned);
    } catch (error) {
      reject(error);
    }
  });
}

function endMarker(requestId) {
  // Writes to a pipe are synchronous on Linux: everything the handler logged is in the pipe before this.
  process.stdout.write(`\x1eLSEND ${requestId}\x1e\n`);
}

async function main() {
  patchConsole();
  const handler = await loadHandler(process.env._HANDLER || '');
  if (typeof handler !== 'function') {
    console.error(`${handler.errorType}: ${handler.errorMessage}`);
    endMarker('init');
    const headers = { 'Lambda-Runtime-Function-Error-Type': handler.errorType };
    await call('POST', '/init/error', JSON.stringify(handler), headers);
    process.exit(1);
  }
  for (;;) {
    const { response, body } = await call('GET', '/invocation/next');
    const context = makeContext(response.headers);
    const requestId = context.awsRequestId;
    currentRequestId = requestId;
    process.env._X_AMZN_TRACE_ID = response.headers['lambda-runtime-trace-id'] || '';
    let output;
    try {
      const event = body.length ? JSON.parse(body.toString('utf8')) : {};
      const result = await runHandler(handler, event, context);
      output = JSON.stringify(result === undefined ? null : result);
    } catch (error) {
      const failure = errorOf(error);
      console.error('Invoke Error \t' + JSON.stringify(failure));
      endMarker(requestId);
      const headers = { 'Lambda-Runtime-Function-Error-Type': failure.errorType };
      await call('POST', `/invocation/${requestId}/error`, JSON.stringify(failure), headers);
      continue;
    }
    endMarker(requestId);
    await call('POST', `/invocation/${requestId}/response`, output);
  }
}

process.on('unhandledRejection', (reason) => {
  console.error('Unhandled Promise Rejection\t' + JSON.stringify(errorOf(reason)));
  process.exit(128);
});

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
