package cdcgen.flink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.RuntimeContextInitializationContextAdapters;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.Projection;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.util.Collector;

/**
 * Connector 'cdcgen-replay': a bounded source of the lines of a JSON-lines
 * file, each line a record value decoded by the table's own value format (the
 * options of cdcgen's script, e.g. 'format' = 'json',
 * 'json.ignore-parse-errors' = 'true', or 'raw'), in file order. It takes the
 * place of the Kafka connector in replay mode, with the Kafka connector's
 * 'key.fields' and 'value.fields-include': the value format decodes the value
 * columns, and a key column that is not also a value column is NULL (the
 * lines carry no key). The 'headers' metadata column reads as an empty map.
 * Each line's decoded row is recorded in the run's {@link Registry}.
 */
public final class ReplaySourceFactory implements DynamicTableSourceFactory {
    static final ConfigOption<String> PATH = ConfigOptions.key("path").stringType().noDefaultValue();
    static final ConfigOption<String> RUN = ConfigOptions.key("run").stringType().noDefaultValue();
    static final ConfigOption<String> KEY_FIELDS = ConfigOptions.key("key.fields").stringType().defaultValue("");
    static final ConfigOption<String> VALUE_FIELDS_INCLUDE =
        ConfigOptions.key("value.fields-include").stringType().defaultValue("ALL");
    /** The Kafka connector's readable 'headers' metadata. */
    static final DataType HEADERS = DataTypes.MAP(DataTypes.STRING().nullable(), DataTypes.BYTES().nullable()).notNull();

    @Override
    public String factoryIdentifier() {
        return "cdcgen-replay";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(PATH, RUN, FactoryUtil.FORMAT);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(KEY_FIELDS, VALUE_FIELDS_INCLUDE);
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        DecodingFormat<DeserializationSchema<RowData>> format =
            helper.discoverDecodingFormat(DeserializationFormatFactory.class, FactoryUtil.FORMAT);
        helper.validate();
        DataType rowType = context.getPhysicalRowDataType();
        List<String> names = DataType.getFieldNames(rowType);
        Set<String> keys = new HashSet<>();
        for (String k : helper.getOptions().get(KEY_FIELDS).split(";"))
            if (!k.isEmpty())
                keys.add(k);
        boolean exceptKey = helper.getOptions().get(VALUE_FIELDS_INCLUDE).equalsIgnoreCase("EXCEPT_KEY");
        List<Integer> value = new ArrayList<>();
        for (int i = 0; i < names.size(); i++)
            if (!(exceptKey && keys.contains(names.get(i))))
                value.add(i);
        int[] valueFields = value.stream().mapToInt(Integer::intValue).toArray();
        return new Source(format, rowType, valueFields, helper.getOptions().get(PATH), helper.getOptions().get(RUN),
                          List.of(), rowType);
    }

    private static final class Source implements ScanTableSource, SupportsReadingMetadata {
        private final DecodingFormat<DeserializationSchema<RowData>> format;
        private final DataType rowType;
        private final int[] valueFields;
        private final String path;
        private final String run;
        private List<String> metadata;
        private DataType producedType;

        Source(DecodingFormat<DeserializationSchema<RowData>> format, DataType rowType, int[] valueFields,
               String path, String run, List<String> metadata, DataType producedType) {
            this.format = format;
            this.rowType = rowType;
            this.valueFields = valueFields;
            this.path = path;
            this.run = run;
            this.metadata = metadata;
            this.producedType = producedType;
        }

        @Override
        public Map<String, DataType> listReadableMetadata() {
            Map<String, DataType> m = new LinkedHashMap<>();
            m.put("headers", HEADERS);
            return m;
        }

        @Override
        public void applyReadableMetadata(List<String> keys, DataType produced) {
            metadata = List.copyOf(keys);
            producedType = produced;
        }

        @Override
        public ChangelogMode getChangelogMode() {
            return format.getChangelogMode();
        }

        @Override
        public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
            DataType valueType = Projection.of(valueFields).project(rowType);
            DeserializationSchema<RowData> decoder = format.createRuntimeDecoder(context, valueType);
            List<LogicalType> types = rowType.getLogicalType().getChildren();
            List<LogicalType> valueTypes = valueType.getLogicalType().getChildren();
            InternalTypeInfo<RowData> info = InternalTypeInfo.of(producedType.getLogicalType());
            Shape shape = new Shape(types.size(), valueFields, valueTypes, metadata.size());
            return new DataStreamScanProvider() {
                @Override
                public DataStream<RowData> produceDataStream(ProviderContext pc, StreamExecutionEnvironment env) {
                    List<Tuple2<Long, byte[]>> lines = readLines(Path.of(path));
                    return env
                        .fromData(lines, Types.TUPLE(Types.LONG, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO))
                        .setParallelism(1)
                        .flatMap(new Decode(decoder, new RowKey(types), shape, run), info)
                        .setParallelism(1);
                }

                @Override
                public boolean isBounded() {
                    return true;
                }
            };
        }

        @Override
        public DynamicTableSource copy() {
            return new Source(format, rowType, valueFields, path, run, metadata, producedType);
        }

        @Override
        public String asSummaryString() {
            return "cdcgen-replay(" + path + ")";
        }
    }

    /** Where a decoded value's fields go in the produced row, and how many metadata columns follow. */
    private record Shape(int physical, int[] valueFields, List<LogicalType> valueTypes, int metadata)
        implements java.io.Serializable {
        RowData build(RowData value) {
            GenericRowData out = new GenericRowData(value.getRowKind(), physical + metadata);
            for (int j = 0; j < valueFields.length; j++)
                out.setField(valueFields[j], RowData.createFieldGetter(valueTypes.get(j), j).getFieldOrNull(value));
            for (int m = 0; m < metadata; m++)
                out.setField(physical + m, new GenericMapData(Map.of())); // headers: the lines carry none
            return out;
        }
    }

    /** The non-blank lines of a file split at '\n' (as cdcgen eval reads them), numbered from 1. */
    static List<Tuple2<Long, byte[]>> readLines(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<Tuple2<Long, byte[]>> out = new ArrayList<>();
        long line = 0;
        for (int start = 0; start < all.length;) {
            int end = start;
            while (end < all.length && all[end] != '\n')
                end++;
            line++;
            byte[] text = Arrays.copyOfRange(all, start, end);
            if (!new String(text, StandardCharsets.UTF_8).isBlank())
                out.add(Tuple2.of(line, text));
            start = end + 1;
        }
        return out;
    }

    private static final class Decode extends RichFlatMapFunction<Tuple2<Long, byte[]>, RowData> {
        private static final long serialVersionUID = 1L;
        private final DeserializationSchema<RowData> decoder;
        private final RowKey key;
        private final Shape shape;
        private final String run;

        Decode(DeserializationSchema<RowData> decoder, RowKey key, Shape shape, String run) {
            this.decoder = decoder;
            this.key = key;
            this.shape = shape;
            this.run = run;
        }

        @Override
        public void open(OpenContext context) throws Exception {
            decoder.open(RuntimeContextInitializationContextAdapters.deserializationAdapter(getRuntimeContext()));
        }

        @Override
        public void flatMap(Tuple2<Long, byte[]> line, Collector<RowData> out) throws Exception {
            List<RowData> rows = new ArrayList<>(1);
            decoder.deserialize(line.f1, new Collector<>() {
                @Override
                public void collect(RowData r) {
                    rows.add(shape.build(r));
                }

                @Override
                public void close() {
                }
            });
            if (rows.size() > 1)
                throw new IllegalStateException("line " + line.f0 + " decoded into " + rows.size() + " rows");
            Registry.of(run).decoded.put(line.f0, rows.isEmpty() ? Registry.DROPPED : key.of(rows.get(0)));
            for (RowData r : rows)
                out.collect(r);
        }
    }
}
