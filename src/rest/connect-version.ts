/**
 * The Apache Kafka Connect version whose REST API this build answers like (GET / `version`, and the version of the
 * Kafka converters in GET /connector-plugins). Tools read it to pick endpoints: 4.x has no tasks-config endpoint.
 */
export const CONNECT_VERSION = '4.4.0'
