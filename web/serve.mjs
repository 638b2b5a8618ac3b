// Serves Weft's pages on 127.0.0.1 with the headers that make a page cross-origin isolated
// (COOP same-origin + COEP require-corp), which SharedArrayBuffer and therefore Weft's shared
// memory need. Static files only, and only what the pages use: `/` is web/, `/glue/js/` the
// runtime's modules (glue/js/*.mjs), `/glue/pkg/` the built runtime (glue/pkg),
// `/glue/target/target.mjs` the web target's flags, `/samples/`
// the compiled demo programs (tests/build/samples), `/sources/` their MLIR
// (tests/programs/samples), and for the model suite on benchmarks.html: `/bench/models/` the
// built models (tests/bench/build, or WEFT_BENCH_MODELS), `/bench/ort/` ONNX Runtime Web's dist
// (tests/bench/node_modules), `/bench/common.mjs` the suite's timing loops, and
// `/bench/suite.json`, made per request: {models: the build's status.json or null, dir: where it
// looks, relative to the repository (never a path outside it), ort: whether ORT-Web is there}
// (always 200, so a page without the suite loads without failed requests).
//
// Files are served whole, or a single byte range (`Range: bytes=A-B`, `A-`, `-N`) as 206 with
// Content-Range, as Weft reads parameter files by URL; a mount may leave ranges out (answer
// every request whole, as servers without range support do) for tests of that.
//
// It answers only requests for 127.0.0.1, localhost or [::1] (the Host header: a page of
// another site whose name resolves here gets 403, against DNS rebinding); refuses paths with
// `.` or `..` segments (also percent-encoded), NUL or backslashes (400) and files whose real
// path (symbolic links followed) leaves their folder (403). Every response is
// `X-Content-Type-Options: nosniff`.
// Usage: node web/serve.mjs [--port=N]   (default 8080; 0 picks a free port)
import { createServer } from "node:http";
import { open, readFile, realpath, stat } from "node:fs/promises";
import { extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const webRoot = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = resolve(webRoot, "..");
const benchRoot = join(repoRoot, "tests", "bench");

const USAGE = "usage: node web/serve.mjs [--port=N]   (N from 0 to 65535, default 8080; 0 picks a free port)";

/** Only the runtime's modules of glue/js and glue/js/gpu (no sources, scripts or type declarations). */
const glueModule = (rest) => /^(gpu\/)?[^/]+\.mjs$/.test(rest);

/**
 * What is served: `prefix` (a URL path) → `path`. A prefix ending in `/` maps a folder, whose
 * files `accept` (given the path below the prefix) may narrow; any other prefix maps one file.
 * `ranges: false`: requests for byte ranges get the whole file. The first match wins, so
 * longer prefixes come first.
 */
function mountsFor({ benchModels, ortDist, mounts }) {
  return [
    ...mounts.map(([prefix, path, { ranges = true } = {}]) => ({ prefix, path: resolve(path), ranges })),
    { prefix: "/glue/js/", path: join(repoRoot, "glue", "js"), accept: glueModule },
    { prefix: "/glue/pkg/", path: join(repoRoot, "glue", "pkg") },
    { prefix: "/glue/target/target.mjs", path: join(repoRoot, "glue", "target", "target.mjs") },
    { prefix: "/samples/", path: join(repoRoot, "tests", "build", "samples") },
    { prefix: "/sources/", path: join(repoRoot, "tests", "programs", "samples") },
    { prefix: "/bench/models/", path: benchModels },
    { prefix: "/bench/ort/", path: ortDist },
    { prefix: "/bench/common.mjs", path: join(benchRoot, "common.mjs") },
    { prefix: "/", path: webRoot },
  ];
}

/** Where the suite's models are, as the manifest says it: inside the repository or not. */
function describeModelsDir(benchModels) {
  const rel = relative(repoRoot, benchModels);
  if (isAbsolute(rel) || rel.split(sep)[0] === "..") return "a folder outside the repository (set by WEFT_BENCH_MODELS)";
  return rel === "" ? "." : rel.split(sep).join("/");
}

/** The model suite's manifest (see the header). A status.json that is not JSON is an error. */
async function suiteManifest({ benchModels, ortDist }) {
  const ifMissing = (value) => (e) => (e.code === "ENOENT" ? value : Promise.reject(e));
  const status = await readFile(join(benchModels, "status.json"), "utf8").then(JSON.parse, ifMissing(null));
  const ort = await stat(join(ortDist, "ort.wasm.min.mjs")).then(() => true, ifMissing(false));
  return JSON.stringify({ models: status, dir: describeModelsDir(benchModels), ort });
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

/** Host headers this server answers: 127.0.0.1, localhost or [::1], each with an optional port. */
const LOCAL_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;

/** A refused request: its status and the one-line reason sent back. */
class Refusal extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** The request's path, percent-decoded; refuses what could name something else on disk. */
function requestPath(url) {
  const raw = url.split(/[?#]/, 1)[0];
  let path;
  try {
    path = decodeURIComponent(raw);
  } catch {
    throw new Refusal(400, "bad request: the path is not valid percent-encoding");
  }
  if (!path.startsWith("/")) throw new Refusal(400, "bad request: the path must start with /");
  if (path.includes("\0")) throw new Refusal(400, "bad request: the path contains NUL");
  if (path.includes("\\")) throw new Refusal(400, "bad request: the path contains a backslash");
  if (path.split("/").some((s) => s === ".." || s === ".")) throw new Refusal(400, "bad request: the path has a . or .. segment");
  return path;
}

/** `path`'s real path (links followed); refused unless it is `root` or inside it. */
async function realInside(root, path) {
  const real = await realpath(path);
  if (real !== root && !real.startsWith(root.endsWith(sep) ? root : root + sep)) {
    throw new Refusal(403, "forbidden: the file is outside the folder this path serves");
  }
  return real;
}

/** The file a request path names (a folder's index.html), checked against its mount: {file, mount}. */
async function fileFor(mounts, path) {
  const mount = mounts.find((m) => (m.prefix.endsWith("/") ? path.startsWith(m.prefix) : path === m.prefix));
  if (!mount) return null;
  const rest = path.slice(mount.prefix.length);
  if (mount.accept && !mount.accept(rest)) return null;
  const root = await realpath(mount.path);
  let file = await realInside(root, join(mount.path, rest));
  if ((await stat(file)).isDirectory()) file = await realInside(root, join(file, "index.html"));
  return { file, mount };
}

/**
 * The byte range a `Range` header asks of a `size`-byte file: [start, end] (inclusive), null
 * for no header or one this server answers whole (several ranges, other units), or "unsatisfiable".
 */
function byteRange(header, size) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header ?? "");
  if (!m || (m[1] === "" && m[2] === "")) return null;
  const [start, end] = m[1] === "" ? [Math.max(0, size - Number(m[2])), size - 1] : [Number(m[1]), m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1)];
  return start >= size || start > end ? "unsatisfiable" : [start, end];
}

/** `length` bytes at `start` of `file`. */
async function readRange(file, start, length) {
  const handle = await open(file, "r");
  try {
    const bytes = Buffer.alloc(length);
    for (let done = 0; done < length;) {
      const { bytesRead } = await handle.read(bytes, done, length - done, start + done);
      if (bytesRead === 0) throw new Error(`${file} became shorter while being read`);
      done += bytesRead;
    }
    return bytes;
  } finally {
    await handle.close();
  }
}

/**
 * Starts the server on 127.0.0.1; resolves with the listening http.Server, rejects if it
 * cannot listen (e.g. EADDRINUSE). Options: `benchModels`, the model suite's build directory
 * (default WEFT_BENCH_MODELS, else tests/bench/build); `ortDist`, ONNX Runtime Web's dist
 * directory (default tests/bench/node_modules/onnxruntime-web/dist); `mounts`, more
 * [prefix, path] or [prefix, path, {ranges: false}] entries (as above) for tests' own pages
 * and programs, matched first; `crossOrigin`: serve as a CDN does, for pages of another origin
 * (CORS and Cross-Origin-Resource-Policy: cross-origin); `onRequest({method, path, range})`,
 * called for each request (tests count them).
 */
export function startServer(port = 0, options = {}) {
  const suite = {
    benchModels: resolve(options.benchModels ?? process.env.WEFT_BENCH_MODELS ?? join(benchRoot, "build")),
    ortDist: resolve(options.ortDist ?? join(benchRoot, "node_modules", "onnxruntime-web", "dist")),
  };
  const mounts = mountsFor({ ...suite, mounts: options.mounts ?? [] });
  const server = createServer(async (req, res) => {
    const headers = {
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
      "Cross-Origin-Resource-Policy": options.crossOrigin ? "cross-origin" : "same-origin",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-store",
      ...(options.crossOrigin ? { "Access-Control-Allow-Origin": "*" } : {}),
    };
    const text = (status, message) => {
      res.writeHead(status, { ...headers, "Content-Type": "text/plain; charset=utf-8" });
      res.end(`${message}\n`);
    };
    try {
      if (!LOCAL_HOST.test(req.headers.host ?? "")) {
        throw new Refusal(403, "forbidden: this server answers only for 127.0.0.1, localhost or [::1]");
      }
      const path = requestPath(req.url);
      options.onRequest?.({ method: req.method, path, range: req.headers.range });
      if (path === "/bench/suite.json") {
        let body;
        try {
          body = await suiteManifest(suite);
        } catch (e) {
          return text(500, `the suite's status.json could not be read: ${e.message}`);
        }
        res.writeHead(200, { ...headers, "Content-Type": types[".json"] });
        return res.end(body);
      }
      const found = await fileFor(mounts, path);
      if (!found) return text(404, "not found");
      const { file, mount } = found;
      const type = { "Content-Type": types[extname(file)] ?? "application/octet-stream" };
      const ranges = mount.ranges !== false;
      const { size } = await stat(file);
      const range = ranges ? byteRange(req.headers.range, size) : null;
      if (range === "unsatisfiable") {
        res.writeHead(416, { ...headers, "Content-Range": `bytes */${size}` });
        return res.end();
      }
      if (range) {
        const [start, end] = range;
        const body = await readRange(file, start, end - start + 1);
        res.writeHead(206, { ...headers, ...type, "Accept-Ranges": "bytes", "Content-Range": `bytes ${start}-${end}/${size}` });
        return res.end(body);
      }
      const body = await readFile(file);
      res.writeHead(200, { ...headers, ...type, ...(ranges ? { "Accept-Ranges": "bytes" } : {}) });
      res.end(body);
    } catch (e) {
      if (e instanceof Refusal) text(e.status, e.message);
      else text(404, "not found");
    }
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", fail);
      ok(server);
    });
  });
}

/** The port of `node web/serve.mjs [--port=N]`; throws a usage message for anything else. */
function portFromArgs(args) {
  let port = 8080;
  for (const arg of args) {
    const value = /^--port=(.*)$/s.exec(arg)?.[1];
    if (value === undefined) throw new Error(`unknown argument '${arg}'\n${USAGE}`);
    if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
      throw new Error(`--port must be a whole number from 0 to 65535, not '${value}'\n${USAGE}`);
    }
    port = Number(value);
  }
  return port;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const fail = (message) => {
    console.error(`web/serve.mjs: ${message}`);
    process.exit(1);
  };
  let port;
  try {
    port = portFromArgs(process.argv.slice(2));
  } catch (e) {
    fail(e.message);
  }
  try {
    const server = await startServer(port);
    console.log(`Weft demo: http://127.0.0.1:${server.address().port}/`);
  } catch (e) {
    if (e.code === "EADDRINUSE") fail(`port ${port} of 127.0.0.1 is already in use; stop what uses it or pick another with --port=N`);
    else fail(`cannot listen on 127.0.0.1:${port}: ${e.message}`);
  }
}
