import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export type Backend = "sqlite" | "postgres";

const serverBin = process.env.KOPDES_SERVER_BIN;
const builtApp = resolve(process.env.KOPDES_DIST ?? "../dist");
const postgresUrl = process.env.KOPDES_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** The real server binary, serving its own copy of the built app from a database of its own. */
export class AppServer {
  private constructor(
    readonly url: string,
    readonly staticDir: string,
    private readonly process: ChildProcess,
    private readonly workDir: string,
    private readonly postgresDb: string | null,
    private readonly settings: NodeJS.ProcessEnv,
  ) {}

  /** `demo: false` starts a deployment as the README's "Starting a real deployment" does. */
  static async start(backend: Backend, { demo = true }: { demo?: boolean } = {}): Promise<AppServer> {
    if (!serverBin) throw new Error("KOPDES_SERVER_BIN must name the built kopdes-server (make e2e sets it)");
    const workDir = mkdtempSync(join(tmpdir(), "kopdes-e2e-"));
    const staticDir = join(workDir, "dist");
    cpSync(builtApp, staticDir, { recursive: true });

    let databaseUrl = `sqlite://${join(workDir, "kopdes.db")}`;
    let postgresDb: string | null = null;
    if (backend === "postgres") {
      postgresDb = `kopdes_e2e_${randomUUID().replaceAll("-", "")}`;
      psql(`CREATE DATABASE "${postgresDb}"`);
      databaseUrl = `${postgresUrl.replace(/\/[^/]*$/, "")}/${postgresDb}`;
    }

    // The settings every command of this deployment shares, as an operator's environment would.
    const settings = { DATABASE_URL: databaseUrl, KOPDES_DATA_KEY: randomBytes(32).toString("hex") };
    const child = spawn(
      serverBin,
      ["--port", "0", "--static-dir", staticDir, ...(demo ? ["--seed-demo"] : [])],
      {
        env: { ...process.env, NO_COLOR: "1", RUST_LOG: "info", ...settings },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const url = await new Promise<string>((resolveUrl, reject) => {
      let output = "";
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = output.match(/listening addr=(\S+)/);
        if (match) resolveUrl(`http://${match[1]}`);
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", onData);
      child.on("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
      setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    });
    return new AppServer(url, staticDir, child, workDir, postgresDb, settings);
  }

  /** Runs `kopdes-server <args>` on this deployment's database, as its operator would; its output. */
  command(args: string[]): string {
    return execFileSync(serverBin!, args, {
      env: { ...process.env, NO_COLOR: "1", RUST_LOG: "warn", ...this.settings },
      encoding: "utf8",
    });
  }

  /**
   * Puts a new release in place, as a deploy does: the service worker script and index.html
   * change (new version, new build id); their precompressed siblings go, as a new build would
   * replace them.
   */
  deployNewVersion(): string {
    const build = `e2e${Date.now().toString(36)}`;
    const rewrite = (file: string, edit: (text: string) => string) => {
      const path = join(this.staticDir, file);
      writeFileSync(path, edit(readFileSync(path, "utf8")));
      // HTTP dates have whole seconds: a deploy in the same second as the browser's last fetch
      // would be answered 304 Not Modified. A real deploy comes minutes or days later.
      const later = new Date(Date.now() + 2000);
      utimesSync(path, later, later);
      rmSync(`${path}.br`, { force: true });
      rmSync(`${path}.gz`, { force: true });
    };
    rewrite("sw.js", (text) => text.replace(/const VERSION = "[^"]*";/, `const VERSION = "${build}";`));
    rewrite("index.html", (text) => text.replace(/name="kopdes-build" content="[^"]*"/, `name="kopdes-build" content="${build}"`));
    return build;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null) {
      const exited = new Promise((r) => this.process.once("exit", r));
      this.process.kill("SIGTERM");
      await exited;
    }
    if (this.postgresDb) psql(`DROP DATABASE IF EXISTS "${this.postgresDb}" WITH (FORCE)`);
    rmSync(this.workDir, { recursive: true, force: true });
  }
}

function psql(sql: string) {
  execFileSync("psql", [postgresUrl, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], { stdio: "pipe" });
}
