// Serves Weft's pages on 127.0.0.1 with the headers that make a page cross-origin isolated
// (COOP same-origin + COEP require-corp), which SharedArrayBuffer and therefore Weft's shared
// memory need. Static files only: `/` is web/, `/glue/` the runtime (glue/js and the built glue/pkg), `/samples/` the
// compiled demo programs (tests/build/samples), `/sources/` their MLIR (tests/programs/samples),
// and for the model suite on benchmarks.html: `/bench/models/` the built models
// (tests/bench/build, or WEFT_BENCH_MODELS), `/bench/ort/` ONNX Runtime Web's dist
// (tests/bench/node_modules), `/bench/common.mjs` the suite's timing loops, and
// `/bench/suite.json`, made per request: {models: the build's status.json or null, dir: where
// it looks, ort: whether ORT-Web is there} (always 200, so a page without the suite loads without failed requests).
// Usage: node web/serve.mjs [--port=N] (0 picks a free port).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const webRoot = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = resolve(webRoot, "..");
const benchRoot = join(repoRoot, "tests", "bench");

/**
 * URL prefix → directory it maps to (a prefix without a trailing slash maps one file). The
 * first match wins, so longer prefixes come first.
 */
function mountsFor({ benchModels, ortDist }) {
  return [
    ["/glue/", join(repoRoot, "glue")],
    ["/samples/", join(repoRoot, "tests", "build", "samples")],
    ["/sources/", join(repoRoot, "tests", "programs", "samples")],
    ["/bench/models/", benchModels],
    ["/bench/ort/", ortDist],
    ["/bench/common.mjs", join(benchRoot, "common.mjs")],
    ["/", webRoot],
  ];
}

/** The model suite's manifest (see the header). A status.json that is not JSON is an error. */
async function suiteManifest({ benchModels, ortDist }) {
  const ifMissing = (value) => (e) => (e.code === "ENOENT" ? value : Promise.reject(e));
  const status = await readFile(join(benchModels, "status.json"), "utf8").then(JSON.parse, ifMissing(null));
  const ort = await stat(join(ortDist, "ort.wasm.min.mjs")).then(() => true, ifMissing(false));
  const dir = relative(repoRoot, benchModels);
  return JSON.stringify({ models: status, dir: dir.startsWith("..") ? benchModels : dir, ort });
}

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".vmfb": "application/octet-stream",
  ".mlir": "text/plain; charset=utf-8",
  ".png": "image/png",
};

function resolvePath(mounts, urlPath) {
  for (const [prefix, target] of mounts) {
    if (!prefix.endsWith("/")) {
      if (urlPath === prefix) return target;
      continue;
    }
    if (urlPath.startsWith(prefix)) {
      const rest = normalize(decodeURIComponent(urlPath.slice(prefix.length)));
      // Refuse paths that climb out of the mount.
      if (rest.startsWith("..")) return null;
      return join(target, rest === "." ? "" : rest);
    }
  }
  return null;
}

/**
 * Starts the server. `options.benchModels`: the model suite's build directory (default
 * WEFT_BENCH_MODELS, else tests/bench/build); `options.ortDist`: ONNX Runtime Web's dist
 * directory (default tests/bench/node_modules/onnxruntime-web/dist).
 */
export function startServer(port = 0, options = {}) {
  const suite = {
    benchModels: resolve(options.benchModels ?? process.env.WEFT_BENCH_MODELS ?? join(benchRoot, "build")),
    ortDist: resolve(options.ortDist ?? join(benchRoot, "node_modules", "onnxruntime-web", "dist")),
  };
  const mounts = mountsFor(suite);
  const server = createServer(async (req, res) => {
    const headers = {
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
      "Cross-Origin-Resource-Policy": "same-origin",
      "Cache-Control": "no-store",
    };
    try {
      const url = new URL(req.url, "http://127.0.0.1");
      if (url.pathname === "/bench/suite.json") {
        let body;
        try {
          body = await suiteManifest(suite);
        } catch (e) {
          res.writeHead(500, { ...headers, "Content-Type": "text/plain; charset=utf-8" });
          return res.end(`the suite's status.json could not be read: ${e.message}\n`);
        }
        res.writeHead(200, { ...headers, "Content-Type": types[".json"] });
        return res.end(body);
      }
      let path = resolvePath(mounts, url.pathname);
      if (path && (await stat(path)).isDirectory()) path = join(path, "index.html");
      const body = path && (await readFile(path));
      res.writeHead(200, { ...headers, "Content-Type": types[extname(path)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404, { ...headers, "Content-Type": "text/plain" });
      res.end("not found\n");
    }
  });
  return new Promise((ok) => server.listen(port, "127.0.0.1", () => ok(server)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const portArg = process.argv.find((a) => a.startsWith("--port="));
  const server = await startServer(portArg ? Number(portArg.slice(7)) : 8080);
  console.log(`Weft demo: http://127.0.0.1:${server.address().port}/`);
}
