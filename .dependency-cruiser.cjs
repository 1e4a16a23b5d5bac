// The shape of src/, checked by dependency-cruiser (npm run lint): no circle, and no import that
// goes up the layers. Tests, benchmarks and the demo may import anything; they are not cruised.
//
// LAYERS is the one list to change: bottom to top, each layer a list of its members (a folder
// ends in '/', a single file does not). A file may import from its own member (its folder, or
// itself) and from any member of a LOWER layer: not from a higher layer, and not from another
// member of its own layer (so the leaves import nothing of the project outside their own folder,
// and the adapters do not import each other). A member that does not exist yet matches nothing.
const LAYERS = [
  // 0, leaves
  ['src/logger.ts', 'src/i18n/', 'src/net/', 'src/chart/', 'src/scheduler/'],
  // 1
  ['src/config/'],
  // 2
  ['src/domain/'],
  // 3
  ['src/store/'],
  // 4
  ['src/outbox/'],
  // 5
  ['src/jobs/'],
  // 6
  ['src/services/'],
  // 7, adapters
  ['src/slack/', 'src/http/', 'src/hootsuite/', 'src/twilio/'],
  // 8
  ['src/bot.ts'],
  // 9
  ['src/main.ts', 'src/db-copy.ts', 'src/plan-check.ts'],
];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The path regex of one member: a folder and everything under it, or exactly one file. */
const pattern = (member) => (member.endsWith('/') ? `^${escape(member)}` : `^${escape(member)}$`);
const name = (member) => member.replace(/^src\//, '').replace(/\/$|\.ts$/, '');

const layerRules = LAYERS.flatMap((members, level) =>
  members.flatMap((member) => {
    const forbidden = [...members.filter((m) => m !== member), ...LAYERS.slice(level + 1).flat()];
    const below = LAYERS.slice(0, level).flat();
    // The top of the stack may import anything of the project (an empty path list would match all).
    if (!forbidden.length) return [];
    return {
      name: `layer-${name(member)}`,
      comment:
        `${member} is in layer ${level}: it may import only from itself and from ${below.length ? below.join(', ') : 'nothing else of the project'}` +
        ` (layers in .dependency-cruiser.cjs, bottom to top)`,
      severity: 'error',
      from: { path: pattern(member) },
      to: { path: forbidden.map(pattern) },
    };
  }),
);

const everyMember = LAYERS.flat().map(pattern);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'This import closes a circle in src/ (type-only imports count): break it by moving what both sides need down a layer.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'not-in-a-layer',
      comment: 'A file of src/ that is in no layer: add its folder to LAYERS in .dependency-cruiser.cjs.',
      severity: 'error',
      from: { path: '^src/', pathNot: everyMember },
      to: {},
    },
    {
      name: 'to-not-in-a-layer',
      comment: 'An import of a file of src/ that is in no layer: add its folder to LAYERS in .dependency-cruiser.cjs.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: everyMember },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import dependency-cruiser cannot resolve: the layer rules would not see it.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Type-only imports are dependencies too: a circle of types is still a circle.
    tsPreCompilationDeps: true,
    // NodeNext: './x.js' in the source is './x.ts' on disk; tsconfig.json says how to resolve.
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
