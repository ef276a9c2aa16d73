/**
 * Import rules, checked by `npm run lint` (docs/architecture.md explains the layers).
 * @type {import('dependency-cruiser').IConfiguration}
 */
const FEATURES = '(answers|help|qi|framing|coach|signposting|welcome|digest|meetings|experts)';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'An import cycle makes load order matter and the modules impossible to read alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'sdk-only-in-the-adapter-layer',
      comment:
        'botbuilder is archived: it stays in src/server (HTTP edge) and src/teams (activity <-> turn port), so replacing it touches only those.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(server|teams)/' },
      to: { path: '^node_modules/(botbuilder|botframework-)' },
    },
    {
      name: 'features-meet-only-through-ports',
      comment: 'A feature uses another only through what src/routes.ts passes in, so each can change alone.',
      severity: 'error',
      from: { path: `^src/${FEATURES}/` },
      to: { path: `^src/${FEATURES}/`, pathNot: '^src/$1/' },
    },
    {
      name: 'features-do-not-reach-the-sdk-glue',
      comment: 'Features take the turn port and return plain data; src/teams and src/server are the edge.',
      severity: 'error',
      from: { path: `^src/(${FEATURES.slice(1, -1)}|routing|knowledge|search|cards|storage)/` },
      to: { path: '^src/(teams|server)/' },
    },
    {
      name: 'no-orphans',
      comment: 'A module nothing imports is dead code (entry points and type declarations excepted).',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [
          '\\.d\\.ts$',
          '^src/index\\.ts$',
          '^src/tools/',
          '^src/search/ask\\.ts$',
          '^scripts/',
          '^test/',
        ],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|coverage)/' },
  },
};
