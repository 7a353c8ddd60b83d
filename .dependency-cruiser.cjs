/**
 * Import rules between folders, checked by `npm run lint:deps` (part of `npm test`).
 * - libs/ never imports src/.
 * - A service, processor or gateway uses only its own domain's entities (relations between entities aside).
 *   Today's exceptions are listed in .dependency-cruiser-known-violations.json; the list only shrinks (issue 11).
 * - Domain folders import each other one way only: today's cycles are listed by `npm run lint:deps:cycles`
 *   (not yet a failure: issue 11 removes them, then the rule becomes an error here).
 */
module.exports = {
  forbidden: [
    {
      name: 'libs-never-import-src',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^src/' },
    },
    {
      name: 'no-foreign-entity-in-services',
      severity: 'error',
      comment: "A service, processor or gateway uses only its own domain's entities (relations live in *.entity.ts)",
      from: { path: '^src/([^/]+)/.+\\.(service|jobs|processor|gateway)\\.ts$' },
      to: { path: '^src/([^/]+)/.+\\.entity\\.ts$', pathNot: '^src/$1/' },
    },
    // Listed by `npm run lint:deps:cycles` only, until issue 11's moves are done; then an error in `npm test`.
    ...(process.env.DEPCRUISE_CYCLES
      ? [
          {
            name: 'no-folder-cycles',
            severity: 'info',
            comment: 'Domain folders import each other one way only',
            scope: 'folder',
            from: { path: '^src/[^/]+' },
            to: { circular: true },
          },
        ]
      : []),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(\\.spec\\.ts$|^src/migrations/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
