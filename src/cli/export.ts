// `npm run export -- facts 2026-10 --team ID-beauty --out facts.csv`: see src/exports/cli.ts.
import { runExportCli } from "../exports/cli.js";

process.exitCode = await runExportCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
