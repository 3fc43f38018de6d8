package cdcgen.flink;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.sink.DataStreamSinkProvider;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.abilities.SupportsWritingMetadata;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

/**
 * Connector 'cdcgen-collect': a sink that records every row it receives in
 * the run's {@link Registry} under the table's name. It takes the place of
 * the Kafka connector of cdcgen's sink tables in replay mode. Like the Kafka
 * sink with the json format, it accepts inserts only. Like the Kafka sink, it
 * takes the writable metadata 'headers' (ignored) and 'topic': a row with a
 * topic is recorded under "@" and the topic instead of the table's name (the
 * fan-out layout's one sink).
 */
public final class CollectSinkFactory implements DynamicTableSinkFactory {
    static final ConfigOption<String> RUN = ReplaySourceFactory.RUN;
    static final ConfigOption<String> TABLE = ConfigOptions.key("table").stringType().noDefaultValue();

    @Override
    public String factoryIdentifier() {
        return "cdcgen-collect";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(RUN, TABLE);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        List<LogicalType> types = context.getPhysicalRowDataType().getLogicalType().getChildren();
        return new Sink(helper.getOptions().get(RUN), helper.getOptions().get(TABLE), types, List.of());
    }

    private static final class Sink implements DynamicTableSink, SupportsWritingMetadata {
        private final String run;
        private final String table;
        private final List<LogicalType> types;
        private List<String> metadata;

        Sink(String run, String table, List<LogicalType> types, List<String> metadata) {
            this.run = run;
            this.table = table;
            this.types = types;
            this.metadata = metadata;
        }

        @Override
        public Map<String, DataType> listWritableMetadata() {
            Map<String, DataType> m = new LinkedHashMap<>();
            m.put("headers", DataTypes.MAP(DataTypes.STRING().nullable(), DataTypes.BYTES().nullable()).nullable());
            m.put("topic", DataTypes.STRING().nullable());
            return m;
        }

        @Override
        public void applyWritableMetadata(List<String> keys, DataType consumed) {
            metadata = List.copyOf(keys);
        }

        @Override
        public ChangelogMode getChangelogMode(ChangelogMode requested) {
            return ChangelogMode.insertOnly();
        }

        @Override
        public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
            RowKey key = new RowKey(types);
            int topic = metadata.indexOf("topic");
            int topicField = topic < 0 ? -1 : types.size() + topic;
            return new DataStreamSinkProvider() {
                @Override
                public DataStreamSink<?> consumeDataStream(ProviderContext pc, DataStream<RowData> rows) {
                    return rows.flatMap(new Record(run, table, key, topicField), Types.STRING)
                        .sinkTo(new DiscardingSink<>());
                }
            };
        }

        @Override
        public DynamicTableSink copy() {
            return new Sink(run, table, types, metadata);
        }

        @Override
        public String asSummaryString() {
            return "cdcgen-collect(" + table + ")";
        }
    }

    private static final class Record extends RichFlatMapFunction<RowData, String> implements CheckpointListener {
        private static final long serialVersionUID = 1L;
        private final String run;
        private final String table;
        private final RowKey key;
        private final int topicField;

        Record(String run, String table, RowKey key, int topicField) {
            this.run = run;
            this.table = table;
            this.key = key;
            this.topicField = topicField;
        }

        @Override
        public void flatMap(RowData row, Collector<String> out) {
            if (row.getRowKind() != RowKind.INSERT)
                throw new IllegalStateException("sink " + table + " received a " + row.getRowKind() + " row");
            String to = table;
            if (topicField >= 0) {
                if (row.isNullAt(topicField))
                    throw new IllegalStateException("sink " + table + " received a row without a topic");
                to = "@" + row.getString(topicField).toString();
            }
            Registry.of(run).received.computeIfAbsent(to, k -> new ConcurrentLinkedQueue<>()).add(key.of(row));
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            Registry.of(run).checkpoints.add(checkpointId);
        }
    }
}
