/**
 * Where the documentation lives, for `--help`: an installed copy ships no docs/ (the tarball is
 * bin, dist and the README), so help points at the repository (package.json `repository`; a
 * test keeps the two in step).
 */
export const DOCS_URL = "https://github.com/awstriage/awstriage/blob/main/docs";
