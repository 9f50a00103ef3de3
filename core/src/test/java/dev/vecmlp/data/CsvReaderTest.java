package dev.vecmlp.data;

import dev.vecmlp.errors.EmptyDataException;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.errors.MalformedDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvReaderTest {
    @TempDir
    Path dir;

    private static CsvData read(CsvReader reader, String text) throws IOException {
        return reader.read(new StringReader(text), "test.csv");
    }

    @Test
    void readsStringLabelsByNameMappedInSortedOrder() throws IOException {
        Path file = Files.writeString(dir.resolve("iris.csv"),
                "\uFEFFsepal,species,petal\n1.5,virginica,2\n\n-3e-1, setosa ,4.25\n7,versicolor,0\n");
        CsvData data = CsvReader.builder().labelColumn("species").build().read(file);
        assertEquals(List.of("sepal", "petal"), data.featureNames());
        assertEquals("species", data.labelColumn());
        assertEquals(3, data.rows());
        assertArrayEquals(new float[]{1.5f, 2, -0.3f, 4.25f, 7, 0}, data.features());
        assertEquals(List.of("setosa", "versicolor", "virginica"), data.classes());
        assertArrayEquals(new int[]{2, 0, 1}, data.labels());
        DataSet set = data.toDataSet();
        assertEquals(3, set.targetWidth());
        assertEquals(2, set.targetClass(0));
    }

    @Test
    void integerLabelsAreClassIndicesAndTheColumnMayBeGivenByIndex() throws IOException {
        CsvData data = read(CsvReader.builder().labelColumn(0).build(), "label,a,b\n3,1,2\n0,3,4\n");
        assertEquals(List.of("0", "1", "2", "3"), data.classes());
        assertArrayEquals(new int[]{3, 0}, data.labels());
        CsvData bySpec = read(CsvReader.builder().labelColumnSpec("2").build(), "a,b,y\n1,2,1\n3,4,0\n");
        assertEquals("y", bySpec.labelColumn());
        assertArrayEquals(new int[]{1, 0}, bySpec.labels());
        CsvData sameColumn = read(CsvReader.builder().labelColumnSpec("1").build(), "a,1,y\n1,1,5\n3,0,6\n");
        assertEquals("1", sameColumn.labelColumn());
        assertArrayEquals(new int[]{1, 0}, sameColumn.labels());
    }

    /** scikit-learn's iris.csv starts "150,4,setosa,...": "4" names column 1 and is index 4, so it is refused. */
    @Test
    void aLabelSpecThatIsBothAHeaderNameAndAnotherIndexIsRefused() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> read(CsvReader.builder().labelColumnSpec("4").build(),
                        "150,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n4.9,3.0,1.4,0.2,0\n"));
        assertTrue(e.getMessage().contains("label column '4' is ambiguous"), e.getMessage());
        assertTrue(e.getMessage().contains("names column 1 '4', and index 4 is column 'virginica'"), e.getMessage());
    }

    @Test
    void headerlessFilesAndSkippedLines() throws IOException {
        String iris = "150,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n6.4,3.2,4.5,1.5,1\n";
        CsvData data = read(CsvReader.builder().skipLines(1).header(false).labelColumn(4).build(), iris);
        assertEquals(List.of("0", "1", "2", "3"), data.featureNames());
        assertEquals("4", data.labelColumn());
        assertEquals(2, data.rows());
        assertArrayEquals(new int[]{0, 1}, data.labels());
        assertArrayEquals(new float[]{5.1f, 3.5f, 1.4f, 0.2f, 6.4f, 3.2f, 4.5f, 1.5f}, data.features());
        MalformedDataException bad = assertThrows(MalformedDataException.class,
                () -> read(CsvReader.builder().skipLines(1).header(false).build(), "skip me\n1,2\n3,x\n"));
        assertEquals("test.csv: line 3, column 2 '1': expected a number, found 'x'", bad.getMessage());
        EmptyDataException nothing = assertThrows(EmptyDataException.class,
                () -> read(CsvReader.builder().skipLines(2).header(false).build(), "a\nb\n"));
        assertTrue(nothing.getMessage().contains("expected a data row after the 2 skipped lines"), nothing.getMessage());
    }

    /** scikit-learn's wine_data.csv starts with a count line of 5 cells before rows of 14. */
    @Test
    void aHeaderShorterThanTheFirstRowIsSaidToBePerhapsNoHeader() {
        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> read(CsvReader.builder().build(), "178,13,class_0\n14.23,1.71,2.43,15.6,0\n"));
        assertTrue(e.getMessage().contains("line 2: expected 3 cells as in the header (line 1), found 5; if line 1 is "
                + "not a header row, read the file with header(false)"), e.getMessage());
    }

    @Test
    void fixedClassesMapLabelsAndRejectUnknownOnes() throws IOException {
        CsvReader reader = CsvReader.builder().labelColumn("c").classes(List.of("cat", "dog")).build();
        assertArrayEquals(new int[]{1, 0}, read(reader, "x,c\n1,dog\n2,cat\n").labels());
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> read(reader, "x,c\n1,dog\n2,cow\n"));
        assertEquals("test.csv: line 3, column 'c': expected a class label among [cat, dog], found 'cow'", e.getMessage());
    }

    @Test
    void readsRegressionTargets() throws IOException {
        CsvData data = read(CsvReader.builder().labelColumn("y").task(CsvReader.Task.REGRESSION).build(),
                "x1,x2,y\n1,2,0.5\n3,4,-1.25\n");
        assertNull(data.labels());
        assertArrayEquals(new float[]{0.5f, -1.25f}, data.targets());
        DataSet set = data.toDataSet();
        assertEquals(1, set.targetWidth());
        assertEquals(-1.25f, set.targets()[1]);
    }

    @Test
    void withoutALabelEveryColumnIsAFeature() throws IOException {
        CsvData data = read(CsvReader.builder().build(), "a,b\n1,2\n3,4\n");
        assertEquals(2, data.width());
        assertNull(data.labelColumn());
        assertArrayEquals(new float[]{1, 2, 3, 4}, data.features());
        assertThrows(InvalidConfigurationException.class, data::toDataSet);
    }

    @Test
    void quotedCellsAndOtherSeparators() throws IOException {
        CsvData data = read(CsvReader.builder().separator(';').labelColumn("name").build(),
                "v;name\n1;\"a;b\"\n2;\"say \"\"hi\"\"\"\n");
        assertEquals(List.of("a;b", "say \"hi\""), data.classes());
        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> read(CsvReader.builder().build(), "a,b\n1,\"2\n"));
        assertTrue(e.getMessage().contains("line 2, column 2: expected a closing quote"), e.getMessage());
    }

    @Test
    void aRowWithTheWrongNumberOfCellsNamesItsLine() {
        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> read(CsvReader.builder().labelColumn("y").build(), "a,b,y\n1,2,0\n\n1,2\n"));
        assertEquals("test.csv: line 4: expected 3 cells as in the header (line 1), found 2", e.getMessage());
    }

    @Test
    void aCellThatIsNotANumberNamesLineAndColumn() {
        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> read(CsvReader.builder().labelColumn("y").build(), "a,b,y\n1,2,0\n1,x7,1\n"));
        assertEquals("test.csv: line 3, column 2 'b': expected a number, found 'x7'", e.getMessage());
        MalformedDataException empty = assertThrows(MalformedDataException.class,
                () -> read(CsvReader.builder().build(), "a,b\n1,\n"));
        assertTrue(empty.getMessage().contains("line 2, column 2 'b': expected a number, found ''"), empty.getMessage());
        MalformedDataException nan = assertThrows(MalformedDataException.class,
                () -> read(CsvReader.builder().build(), "a,b\n1,NaN\n"));
        assertTrue(nan.getMessage().contains("expected a finite number, found 'NaN'"), nan.getMessage());
        MalformedDataException target = assertThrows(MalformedDataException.class,
                () -> read(CsvReader.builder().labelColumn("y").task(CsvReader.Task.REGRESSION).build(), "a,y\n1,big\n"));
        assertTrue(target.getMessage().contains("line 2, column 2 'y'"), target.getMessage());
    }

    @Test
    void unknownLabelColumnsAreConfigurationErrors() {
        InvalidConfigurationException name = assertThrows(InvalidConfigurationException.class,
                () -> read(CsvReader.builder().labelColumn("z").build(), "a,b\n1,2\n"));
        assertTrue(name.getMessage().contains("label column 'z': expected a header column of that name, found none among "
                + "the header's columns [a, b]"), name.getMessage());
        InvalidConfigurationException index = assertThrows(InvalidConfigurationException.class,
                () -> read(CsvReader.builder().labelColumn(5).build(), "a,b\n1,2\n"));
        assertTrue(index.getMessage().contains("expected 0 to 1"), index.getMessage());
        assertThrows(InvalidConfigurationException.class,
                () -> read(CsvReader.builder().labelColumn("a").build(), "a,a\n1,2\n"));
    }

    @Test
    void emptyInputsAreReported() {
        assertThrows(EmptyDataException.class, () -> read(CsvReader.builder().build(), "\n\n"));
        EmptyDataException noRows = assertThrows(EmptyDataException.class, () -> read(CsvReader.builder().build(), "a,b\n"));
        assertTrue(noRows.getMessage().contains("at least one data row"), noRows.getMessage());
        assertThrows(EmptyDataException.class, () -> read(CsvReader.builder().labelColumn("y").build(), "y\n1\n"));
    }

    @Test
    void growsPastItsInitialBuffer() throws IOException {
        StringBuilder text = new StringBuilder("a,b,c,y\n");
        for (int r = 0; r < 1000; r++) {
            text.append(r).append(',').append(r + 0.5).append(',').append(-r).append(',').append(r % 3).append('\n');
        }
        CsvData data = read(CsvReader.builder().labelColumn("y").build(), text.toString());
        assertEquals(1000, data.rows());
        assertEquals(999.5f, data.features()[999 * 3 + 1]);
        assertEquals(2, data.labels()[998]);
    }

    @Test
    void skippedColumnsAreNeitherParsedNorFeatures() throws IOException {
        CsvData data = read(CsvReader.builder().skipColumns(List.of("id", "absent")).build(), "id,a,b\nx-1,1,2\nx-2,3,4\n");
        assertEquals(List.of("a", "b"), data.featureNames());
        assertArrayEquals(new float[]{1, 2, 3, 4}, data.features());
    }

    @Test
    void anIntegerLabelImpliesClassesOnlyUpToTheLimit() throws IOException {
        CsvReader reader = CsvReader.builder().labelColumn("y").build();
        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> read(reader, "a,y\n1,2\n2,999999999\n3,0\n"));
        assertTrue(e.getMessage().startsWith("test.csv: line 3, column 'y': expected an integer class label below 10000"),
                e.getMessage());
        assertTrue(e.getMessage().contains("found '999999999'"), e.getMessage());
        assertEquals(10_000, CsvReader.DEFAULT_MAX_CLASSES);
        // At the default limit: 9999 is the largest label accepted, 10000 is refused.
        assertEquals(10_000, read(reader, "a,y\n1,9999\n").classes().size());
        assertThrows(MalformedDataException.class, () -> read(reader, "a,y\n1,10000\n"));
        // The limit is the caller's to set.
        CsvReader wide = CsvReader.builder().labelColumn("y").maxClasses(20_001).build();
        assertEquals(20_001, read(wide, "a,y\n1,20000\n").classes().size());
        CsvReader narrow = CsvReader.builder().labelColumn("y").maxClasses(3).build();
        MalformedDataException n = assertThrows(MalformedDataException.class, () -> read(narrow, "a,y\n1,1\n1,3\n"));
        assertTrue(n.getMessage().contains("line 3") && n.getMessage().contains("below 3"), n.getMessage());
        assertThrows(InvalidConfigurationException.class, () -> CsvReader.builder().maxClasses(0));
    }

    @Test
    void bytesThatAreNotUtf8AreMalformedDataNamingFileLineAndOffset() throws IOException {
        byte[] head = "a,b\n1,2\r\n3,".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 2);
        bytes[head.length] = (byte) 0xff;
        bytes[head.length + 1] = '\n';
        Path file = Files.write(dir.resolve("latin.csv"), bytes);
        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> CsvReader.builder().noLabel().build().read(file));
        assertEquals(file + ": line 3, byte offset " + head.length + ": expected UTF-8 text, found byte 0xff that is "
                + "not valid UTF-8 there", e.getMessage());
        // Line ends as BufferedReader knows them: \n, \r\n and a lone \r.
        Path mixed = Files.writeString(dir.resolve("mixed.csv"), "a,b\r1,2\r\n3,4\n\n5,6");
        CsvData data = CsvReader.builder().noLabel().build().read(mixed);
        assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, data.features());
        // A reader that cannot decode: the same exception type, naming the line.
        java.io.Reader strict = new java.io.InputStreamReader(new java.io.ByteArrayInputStream(bytes),
                java.nio.charset.StandardCharsets.UTF_8.newDecoder());
        MalformedDataException r = assertThrows(MalformedDataException.class,
                () -> CsvReader.builder().noLabel().build().read(strict, "stream.csv"));
        assertTrue(r.getMessage().startsWith("stream.csv: line 1"), r.getMessage());
    }
}
