/** Layer rules from docs/architecture.md: dependencies point one way. */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'connect-is-pure',
      comment: 'src/connect is the data model and plugin API: no I/O libraries, no other layer.',
      severity: 'error',
      from: { path: '^src/connect/' },
      to: { path: '^src/(connectors|runtime|kafka|rest|cli)/|node_modules/(@aws-sdk|@smithy|@platformatic)' }
    },
    {
      name: 'connector-knows-no-kafka-client',
      comment: 'The SQS connector may use connect/ and the AWS SDK, never the Kafka client or the runtime.',
      severity: 'error',
      from: { path: '^src/connectors/' },
      to: { path: '^src/(runtime|kafka|rest|cli)/|node_modules/@platformatic' }
    },
    {
      name: 'runtime-knows-no-sqs',
      comment: 'The runtime drives connectors through the connect/ API only.',
      severity: 'error',
      from: { path: '^src/(runtime|kafka)/' },
      to: { path: '^src/connectors/|node_modules/(@aws-sdk|@smithy)' }
    },
    {
      name: 'only-kafka-layer-imports-kafka-client',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/kafka/' },
      to: { path: 'node_modules/@platformatic' }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] }
  }
}
