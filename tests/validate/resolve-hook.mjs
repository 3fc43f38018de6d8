// ESM resolve hook (see register.mjs): resolves the CommonJS-style specifiers
// that dt-sql-parser's ES module build uses.
//   directory import  "./parser"   -> "./parser/index.js"
//   extension-less    "./foo/bar"  -> "./foo/bar.js"
// Its package.json has no "type": "module", so its .js files are also marked
// as ES modules here (Node releases without module syntax detection need it).
function isRelative(specifier) {
    return specifier.startsWith('./') || specifier.startsWith('../');
}

function markESM(result) {
    if (result.url.includes('/node_modules/dt-sql-parser/') && result.url.endsWith('.js')) {
        return { ...result, format: 'module' };
    }
    return result;
}

async function tryResolve(specifier, context, nextResolve) {
    try {
        return await nextResolve(specifier, context);
    } catch (err) {
        if (err && err.code === 'ERR_UNSUPPORTED_DIR_IMPORT') {
            return nextResolve(specifier.replace(/\/$/, '') + '/index.js', context);
        }
        if (err && err.code === 'ERR_MODULE_NOT_FOUND' && isRelative(specifier) &&
            !specifier.endsWith('.js')) {
            return nextResolve(specifier + '.js', context);
        }
        throw err;
    }
}

export async function resolve(specifier, context, nextResolve) {
    return markESM(await tryResolve(specifier, context, nextResolve));
}
