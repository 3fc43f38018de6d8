/**
 * The public API of the Kafka Streams runtime of cdcgen's topology JSON: what an application
 * (a Spring Boot Kafka Streams service, say) embeds.
 *
 * <ul>
 *   <li>{@link org.cdcgen.kstreams.TopologyLoader} reads and validates a topology file into a
 *       {@link org.cdcgen.kstreams.TopologySpec}, or refuses it with a
 *       {@link org.cdcgen.kstreams.TopologyException};</li>
 *   <li>{@link org.cdcgen.kstreams.RouterTopology} adds the router (one source, a filter and a
 *       sink per branch) to a {@code StreamsBuilder};</li>
 *   <li>{@link org.cdcgen.kstreams.RouterMetrics} counts what it reads and routes, also as Kafka
 *       Streams metrics;</li>
 *   <li>{@link org.cdcgen.kstreams.RouterConfig} gives a topology's Kafka Streams properties;</li>
 *   <li>{@link org.cdcgen.kstreams.EventSerde}, {@link org.cdcgen.kstreams.SkipUnreadableHandler}:
 *       the value serde and the deserialization handler the topology file names;
 *       {@link org.cdcgen.kstreams.Event}, {@link org.cdcgen.kstreams.ValueFormat} and
 *       {@link org.cdcgen.kstreams.UnreadableRecordException} are the types they expose.</li>
 * </ul>
 *
 * <p>Everything else (the command line, replay, event reading, conditions and their
 * evaluation) is in {@code org.cdcgen.kstreams.internal}: its public types are public only so
 * that this package can use them, and may change in any release.
 */
package org.cdcgen.kstreams;
