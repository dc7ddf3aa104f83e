// Resolve hook for ES module handlers: bare specifiers not found beside the code come from NODE_PATH.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const dirs = (process.env.NODE_PATH || '').split(path.delimiter).filter(Boolean);

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const bare = !specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.includes(':');
    if (!bare || error.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    for (const dir of dirs) {
      try {
        // A parent file beside the node_modules directory resolves from inside it.
        return await nextResolve(specifier, { ...context, parentURL: pathToFileURL(path.join(dir, '..', 'x.mjs')).href });
      } catch {
        // try the next directory
      }
    }
    throw error;
  }
}
