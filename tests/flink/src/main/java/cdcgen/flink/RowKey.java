package cdcgen.flink;

import java.io.Serializable;
import java.util.List;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * An injective text form of a row's values, so that a row a sink received
 * can be matched with the event lines the source decoded into it.
 */
final class RowKey implements Serializable {
    private static final long serialVersionUID = 1L;
    private final RowData.FieldGetter[] getters;

    /** Over the first {@code types.size()} fields (the physical columns; metadata columns follow). */
    RowKey(List<LogicalType> types) {
        getters = new RowData.FieldGetter[types.size()];
        for (int i = 0; i < getters.length; i++)
            getters[i] = RowData.createFieldGetter(types.get(i), i);
    }

    String of(RowData row) {
        StringBuilder b = new StringBuilder();
        for (RowData.FieldGetter g : getters) {
            Object v = g.getFieldOrNull(row);
            if (v == null) {
                b.append('N');
            } else {
                String s = v instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes) : v.toString();
                b.append('V').append(s.length()).append(':').append(s);
            }
        }
        return b.toString();
    }
}
