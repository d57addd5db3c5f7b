// The importer's parser under its first name (the import bench and older call sites use it).
export { parseExportForImport as parseExportFile } from "./parse-for-import.js";
