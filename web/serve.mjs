// Serves Weft's pages on 127.0.0.1 with the headers that make a page cross-origin isolated
// (COOP same-origin + COEP require-corp), which SharedArrayBuffer and therefore Weft's shared
// memory need. Static files only: `/` is web/, `/glue/` the runtime (glue/js and the built glue/pkg), `/samples/` the
// compiled demo programs (tests/build/samples), `/sources/` their MLIR (tests/programs/samples). Usage: node web/serve.mjs [--port=N] (0 picks a free port).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const webRoot = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = resolve(webRoot, "..");

/** URL prefix → directory it maps to. Longest prefix wins. */
const mounts = [
  ["/glue/", join(repoRoot, "glue")],
  ["/samples/", join(repoRoot, "tests", "build", "samples")],
  ["/sources/", join(repoRoot, "tests", "programs", "samples")],
  ["/", webRoot],
];

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

function resolvePath(urlPath) {
  for (const [prefix, dir] of mounts) {
    if (urlPath.startsWith(prefix)) {
      const rest = normalize(decodeURIComponent(urlPath.slice(prefix.length)));
      // Refuse paths that climb out of the mount.
      if (rest.startsWith("..")) return null;
      return join(dir, rest === "." ? "" : rest);
    }
  }
  return null;
}

export function startServer(port = 0) {
  const server = createServer(async (req, res) => {
    const headers = {
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
      "Cross-Origin-Resource-Policy": "same-origin",
      "Cache-Control": "no-store",
    };
    try {
      const url = new URL(req.url, "http://127.0.0.1");
      let path = resolvePath(url.pathname);
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
