/* The words of an upright pdfium text page, placed by their characters' loose boxes.
 *
 * The compiled form of pipeline.ingest.pdf._pdfium_words for pages with no /Rotate (and of
 * the band filter of pipeline.ingest.pdf_tables.page_chars, wanted_runs below, and of
 * pipeline.ingest.pdf_layout.baseline_rows, the grouping of a page's words into rows): the
 * same words, boxes and styles (tests compare both on every page of the real and the
 * generated papers), without a Python call per character.  pdfium's functions come as
 * addresses from pypdfium2 (pipeline.ingest.pdfium_calls), so nothing here links to
 * pdfium.  Optional: where it cannot be compiled, the Python reader is used.
 *
 * read_words(text, page, loose_box, text_object, x0, y1, style, word) -> list
 *   text         the page text (str), as pypdfium2's get_text_range gives it; a word is
 *                a run of characters that are not white space, U+FFFE or U+FFFF, with
 *                one U+FFFE (pdfium's line-end hyphen) kept at its end, or a lone U+FFFE;
 *                U+FFFE is read as "-"
 *   page         the text page's address
 *   loose_box    address of FPDFText_GetLooseCharBox
 *   text_object  address of FPDFText_GetTextObject
 *   x0, y1       the media box's left and top (points): boxes are placed from the top left
 *   style        callable(index) -> (size, bold) of a character, asked once per text object
 *                (and for each character pdfium made up, which has none)
 *   word         callable(text, x0, x1, top, bottom, size, bold) -> a word
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>

typedef struct {
    float left, top, right, bottom;
} rect_f;

typedef int (*loose_box_f)(void *, int, rect_f *);
typedef void *(*text_object_f)(void *, int);

static int is_break(Py_UCS4 c) {
    return Py_UNICODE_ISSPACE(c) || c == 0xFFFE || c == 0xFFFF;
}

/* (x0, x1, top, bottom) of character `index` on the displayed page, ordered */
static void place(loose_box_f loose_box, void *page, int index, double fx0, double fy1, double box[4]) {
    rect_f rect = {0.0f, 0.0f, 0.0f, 0.0f};
    loose_box(page, index, &rect);
    double x0 = (double)rect.left - fx0, x1 = (double)rect.right - fx0;
    double top = fy1 - (double)rect.top, bottom = fy1 - (double)rect.bottom;
    if (top > bottom || x0 > x1) {
        double a = x0 < x1 ? x0 : x1, b = x0 < x1 ? x1 : x0;
        double c = top < bottom ? top : bottom, d = top < bottom ? bottom : top;
        x0 = a; x1 = b; top = c; bottom = d;
    }
    box[0] = x0; box[1] = x1; box[2] = top; box[3] = bottom;
}

static PyObject *word_text(PyObject *text, Py_ssize_t first, Py_ssize_t end) {
    Py_ssize_t n = end - first;
    if (PyUnicode_READ_CHAR(text, end - 1) != 0xFFFE) {
        return PyUnicode_Substring(text, first, end);
    }
    /* U+FFFE only ends a word: read as "-", the rest as it is, in the narrowest form */
    Py_UCS4 *buffer = PyMem_New(Py_UCS4, n);
    if (buffer == NULL) {
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < n - 1; i++) {
        buffer[i] = PyUnicode_READ_CHAR(text, first + i);
    }
    buffer[n - 1] = '-';
    PyObject *hyphened = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buffer, n);
    PyMem_Free(buffer);
    return hyphened;
}

static PyObject *read_words(PyObject *self, PyObject *args) {
    PyObject *text, *style, *make_word;
    (void)self;
    unsigned long long page_at, loose_box_at, text_object_at;
    double fx0, fy1;
    if (!PyArg_ParseTuple(args, "UKKKddOO", &text, &page_at, &loose_box_at, &text_object_at, &fx0, &fy1, &style,
                          &make_word)) {
        return NULL;
    }
    void *page = (void *)(uintptr_t)page_at;
    loose_box_f loose_box = (loose_box_f)(uintptr_t)loose_box_at;
    text_object_f text_object = (text_object_f)(uintptr_t)text_object_at;
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);

    PyObject *words = PyList_New(0);
    PyObject *style_of_object = PyDict_New();
    if (words == NULL || style_of_object == NULL) {
        goto fail;
    }
    Py_ssize_t i = 0;
    while (i < length) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        Py_ssize_t first = i, end;
        if (c == 0xFFFE) {
            end = i + 1;
        } else if (is_break(c)) {
            i++;
            continue;
        } else {
            end = i + 1;
            while (end < length && !is_break(PyUnicode_READ(kind, data, end))) {
                end++;
            }
            if (end < length && PyUnicode_READ(kind, data, end) == 0xFFFE) {
                end++;
            }
        }
        i = end;
        Py_ssize_t last = end - 1;
        double box[4], last_box[4];
        place(loose_box, page, (int)first, fx0, fy1, box);
        if (last > first) {
            place(loose_box, page, (int)last, fx0, fy1, last_box);
            double gap = last_box[2] - box[2];
            if ((gap < 0 ? -gap : gap) <= (box[3] - box[2]) * 0.5) {
                box[0] = box[0] < last_box[0] ? box[0] : last_box[0];
                box[1] = box[1] > last_box[1] ? box[1] : last_box[1];
                box[2] = box[2] < last_box[2] ? box[2] : last_box[2];
                box[3] = box[3] > last_box[3] ? box[3] : last_box[3];
            }
            /* else: pdfium joined a word across lines; place it by its first character */
        }
        PyObject *found = NULL; /* (size, bold), borrowed from the cache or owned */
        int owned = 0;
        void *owner = text_object(page, (int)first);
        PyObject *key = NULL;
        if (owner != NULL) {
            key = PyLong_FromVoidPtr(owner);
            if (key == NULL) {
                goto fail;
            }
            found = PyDict_GetItemWithError(style_of_object, key);
            if (found == NULL && PyErr_Occurred()) {
                Py_DECREF(key);
                goto fail;
            }
        }
        if (found == NULL) {
            found = PyObject_CallFunction(style, "n", first);
            if (found == NULL || !PyTuple_Check(found) || PyTuple_GET_SIZE(found) != 2) {
                if (found != NULL) {
                    PyErr_SetString(PyExc_TypeError, "style must return (size, bold)");
                    Py_DECREF(found);
                }
                Py_XDECREF(key);
                goto fail;
            }
            owned = 1;
            if (key != NULL && PyDict_SetItem(style_of_object, key, found) < 0) {
                Py_DECREF(found);
                Py_DECREF(key);
                goto fail;
            }
        }
        Py_XDECREF(key);
        PyObject *piece = word_text(text, first, end);
        PyObject *word = NULL;
        if (piece != NULL) {
            word = PyObject_CallFunction(make_word, "OddddOO", piece, box[0], box[1], box[2], box[3],
                                         PyTuple_GET_ITEM(found, 0), PyTuple_GET_ITEM(found, 1));
            Py_DECREF(piece);
        }
        if (owned) {
            Py_DECREF(found);
        }
        if (word == NULL) {
            goto fail;
        }
        int added = PyList_Append(words, word);
        Py_DECREF(word);
        if (added < 0) {
            goto fail;
        }
    }
    Py_DECREF(style_of_object);
    return words;

fail:
    Py_XDECREF(words);
    Py_XDECREF(style_of_object);
    return NULL;
}

/* wanted_runs(text, page, loose_box, f, down, bands) -> list of (first, end)
 *
 * The runs of non-white-space characters of an unrotated text page (pipeline.ingest.
 * pdf_tables.page_chars's _RUN) that a table can take: the centre of the loose box of the
 * run's first or last character lies in one of ``bands`` ((low, high) tops, points from
 * the top of the page, ends included).  ``e``, ``f``: the page's translation; ``down``:
 * the page's top in the same space.  The sums are page_chars's own, in the same order. */
static int centre_in(loose_box_f loose_box, void *page, Py_ssize_t index, double f, double down,
                     const double *bands, Py_ssize_t count) {
    rect_f rect = {0.0f, 0.0f, 0.0f, 0.0f};
    loose_box(page, (int)index, &rect);
    double ay = (double)rect.bottom + f, by = (double)rect.top + f;
    double top = down - (ay > by ? ay : by), bottom = down - (ay < by ? ay : by);
    double middle = (top + bottom) / 2;
    for (Py_ssize_t i = 0; i < count; i++) {
        if (bands[2 * i] <= middle && middle <= bands[2 * i + 1]) {
            return 1;
        }
    }
    return 0;
}

static PyObject *wanted_runs(PyObject *self, PyObject *args) {
    PyObject *text, *band_list;
    unsigned long long page_at, loose_box_at;
    double f, down;
    (void)self;
    if (!PyArg_ParseTuple(args, "UKKddO!", &text, &page_at, &loose_box_at, &f, &down, &PyList_Type, &band_list)) {
        return NULL;
    }
    Py_ssize_t count = PyList_GET_SIZE(band_list);
    double *bands = PyMem_New(double, 2 * (count ? count : 1));
    if (bands == NULL) {
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *band = PyList_GET_ITEM(band_list, i);
        if (!PyArg_ParseTuple(band, "dd", &bands[2 * i], &bands[2 * i + 1])) {
            PyMem_Free(bands);
            return NULL;
        }
    }
    void *page = (void *)(uintptr_t)page_at;
    loose_box_f loose_box = (loose_box_f)(uintptr_t)loose_box_at;
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *runs = PyList_New(0);
    if (runs == NULL) {
        PyMem_Free(bands);
        return NULL;
    }
    Py_ssize_t i = 0;
    while (i < length) {
        if (Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        Py_ssize_t first = i, end = i + 1;
        while (end < length && !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, end))) {
            end++;
        }
        i = end;
        if (!centre_in(loose_box, page, first, f, down, bands, count)
            && !(end - 1 != first && centre_in(loose_box, page, end - 1, f, down, bands, count))) {
            continue;
        }
        PyObject *run = Py_BuildValue("(nn)", first, end);
        if (run == NULL || PyList_Append(runs, run) < 0) {
            Py_XDECREF(run);
            Py_DECREF(runs);
            PyMem_Free(bands);
            return NULL;
        }
        Py_DECREF(run);
    }
    PyMem_Free(bands);
    return runs;
}

/* baseline_rows(words, word_type) -> list of lists of words, or None
 *
 * pipeline.ingest.pdf_layout.baseline_rows: the words sorted (stably) by their top
 * rounded half to even to a whole point, then by x0; each word joins the row before when
 * its top is within half the height (at least 1 pt) of the row's first word's; each row
 * sorted (stably) by x0.  None, for the Python function to answer, when a word is not
 * exactly ``word_type`` or its x0, top or bottom is not a float, or a top or x0 is NaN
 * (Python's sort leaves NaN where its comparisons happen to put it). */
typedef struct {
    double key, x0, top, bottom;
    Py_ssize_t index;     /* in ``words`` */
    Py_ssize_t position;  /* in its row, before the row is sorted by x0 */
} placed_word;

/* round(x, 0) as Python rounds: to the nearest whole number, halves to the even one, in
 * any floating-point rounding mode (x - floor(x) is exact); -0.5 gives 0.0 where Python
 * gives -0.0, which compares equal */
static double half_even(double x) {
    double whole = floor(x), rest = x - whole;
    if (rest > 0.5 || (rest == 0.5 && fmod(whole, 2.0) != 0.0)) {
        whole += 1.0;
    }
    return whole;
}

static int by_key_x0_index(const void *a, const void *b) {
    const placed_word *p = (const placed_word *)a, *q = (const placed_word *)b;
    if (p->key != q->key) {
        return p->key < q->key ? -1 : 1;
    }
    if (p->x0 != q->x0) {
        return p->x0 < q->x0 ? -1 : 1;
    }
    return (p->index > q->index) - (p->index < q->index);
}

static int by_x0_position(const void *a, const void *b) {
    const placed_word *p = (const placed_word *)a, *q = (const placed_word *)b;
    if (p->x0 != q->x0) {
        return p->x0 < q->x0 ? -1 : 1;
    }
    return (p->position > q->position) - (p->position < q->position);
}

static PyObject *baseline_rows(PyObject *self, PyObject *args) {
    PyObject *given, *word_type;
    (void)self;
    if (!PyArg_ParseTuple(args, "OO", &given, &word_type)) {
        return NULL;
    }
    /* a list of our own: nothing the caller does while rows are made can change it */
    PyObject *words = PySequence_List(given);
    if (words == NULL) {
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(words);
    PyObject **items = ((PyListObject *)words)->ob_item;
    placed_word *placed = PyMem_New(placed_word, n ? n : 1);
    if (placed == NULL) {
        Py_DECREF(words);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *word = items[i];
        if ((PyObject *)Py_TYPE(word) != word_type || !PyTuple_Check(word) || PyTuple_GET_SIZE(word) < 5
            || !PyFloat_CheckExact(PyTuple_GET_ITEM(word, 1)) || !PyFloat_CheckExact(PyTuple_GET_ITEM(word, 3))
            || !PyFloat_CheckExact(PyTuple_GET_ITEM(word, 4))) {
            PyMem_Free(placed);
            Py_DECREF(words);
            Py_RETURN_NONE;
        }
        double x0 = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(word, 1));
        double top = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(word, 3));
        if (isnan(x0) || isnan(top)) {
            PyMem_Free(placed);
            Py_DECREF(words);
            Py_RETURN_NONE;
        }
        placed[i].key = half_even(top);
        placed[i].x0 = x0;
        placed[i].top = top;
        placed[i].bottom = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(word, 4));
        placed[i].index = i;
    }
    qsort(placed, (size_t)n, sizeof(placed_word), by_key_x0_index);
    PyObject *rows = PyList_New(0);
    if (rows == NULL) {
        goto fail;
    }
    Py_ssize_t start = 0;
    while (start < n) {
        double first_top = placed[start].top, height = placed[start].bottom - placed[start].top;
        if (!(height > 1.0)) {
            height = 1.0;  /* max(1.0, bottom - top), NaN included */
        }
        Py_ssize_t end = start + 1;
        while (end < n && fabs(placed[end].top - first_top) <= height * 0.5) {
            end++;
        }
        /* the row, sorted stably by x0: its words' order so far breaks ties */
        for (Py_ssize_t i = start; i < end; i++) {
            placed[i].position = i - start;
        }
        qsort(placed + start, (size_t)(end - start), sizeof(placed_word), by_x0_position);
        PyObject *row = PyList_New(end - start);
        if (row == NULL || PyList_Append(rows, row) < 0) {
            Py_XDECREF(row);
            goto fail;
        }
        Py_DECREF(row);
        for (Py_ssize_t i = start; i < end; i++) {
            PyObject *word = items[placed[i].index];
            Py_INCREF(word);
            PyList_SET_ITEM(row, i - start, word);
        }
        start = end;
    }
    PyMem_Free(placed);
    Py_DECREF(words);
    return rows;
fail:
    Py_XDECREF(rows);
    PyMem_Free(placed);
    Py_DECREF(words);
    return NULL;
}

static PyMethodDef methods[] = {
    {"read_words", read_words, METH_VARARGS, "The words of an upright pdfium text page (see the module's source)."},
    {"wanted_runs", wanted_runs, METH_VARARGS, "The runs of an unrotated text page a table can take (see the source)."},
    {"baseline_rows", baseline_rows, METH_VARARGS, "A page's words grouped into rows (see the source)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_words", "Compiled word reader for pdfium text pages.", -1, methods,
};

PyMODINIT_FUNC PyInit__words(void) {
    return PyModule_Create(&module);
}
