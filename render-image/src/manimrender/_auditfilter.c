/* The runtime guard's audit hook in C, in front of its Python one (manimrender/guard.py).

   A Python audit hook costs a Python call at every audit event: a long scene raises millions of them
   (builtins.id, from copy.deepcopy), none of which the guard ever refuses. This hook sees each event's name
   first and hands only the events the guard judges (exact names and prefixes, given by guard.py) to the
   Python hook; every other event costs a binary search over a few dozen names. The Python hook makes the
   same check again, so what is refused is decided there alone.

   Built by setup-venv.sh and the image (Dockerfile); where it is missing, guard.py installs the Python hook
   by itself (the same refusals, slower). */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
#include <string.h>

static PyObject *python_hook = NULL; /* the guard's hook: called with (event, args) */
static char **names = NULL;          /* sorted, for bsearch */
static Py_ssize_t name_count = 0;
static char **prefixes = NULL;
static size_t *prefix_lengths = NULL;
static Py_ssize_t prefix_count = 0;

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_judged(const char *event) {
    for (Py_ssize_t i = 0; i < prefix_count; i++) {
        if (strncmp(event, prefixes[i], prefix_lengths[i]) == 0) {
            return 1;
        }
    }
    return bsearch(&event, names, (size_t)name_count, sizeof(char *), compare_names) != NULL;
}

static int hook(const char *event, PyObject *args, void *data) {
    (void)data;
    if (python_hook == NULL || !is_judged(event)) {
        return 0;
    }
    PyObject *result = PyObject_CallFunction(python_hook, "sO", event, args);
    if (result == NULL) {
        return -1; /* the refusal (or any failure of the hook) stops the event */
    }
    Py_DECREF(result);
    return 0;
}

/* Copies the strings of a sequence into a new array of C strings; NULL with an exception set on failure. */
static char **copy_strings(PyObject *sequence, Py_ssize_t *count) {
    PyObject *items = PySequence_Fast(sequence, "names and prefixes must be sequences of str");
    if (items == NULL) {
        return NULL;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(items);
    char **out = PyMem_RawCalloc((size_t)n + 1, sizeof(char *));
    if (out == NULL) {
        Py_DECREF(items);
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        const char *text = PyUnicode_AsUTF8(PySequence_Fast_GET_ITEM(items, i));
        if (text == NULL || (out[i] = strdup(text)) == NULL) {
            if (text != NULL) {
                PyErr_NoMemory();
            }
            for (Py_ssize_t j = 0; j < i; j++) {
                free(out[j]);
            }
            PyMem_RawFree(out);
            Py_DECREF(items);
            return NULL;
        }
    }
    Py_DECREF(items);
    *count = n;
    return out;
}

static PyObject *install(PyObject *module, PyObject *args) {
    PyObject *callable, *name_list, *prefix_list;
    if (!PyArg_ParseTuple(args, "OOO:install", &callable, &name_list, &prefix_list)) {
        return NULL;
    }
    if (python_hook != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "the audit filter is installed already");
        return NULL;
    }
    if (!PyCallable_Check(callable)) {
        PyErr_SetString(PyExc_TypeError, "the hook must be callable");
        return NULL;
    }
    Py_ssize_t n_names = 0, n_prefixes = 0;
    char **new_names = copy_strings(name_list, &n_names);
    if (new_names == NULL) {
        return NULL;
    }
    char **new_prefixes = copy_strings(prefix_list, &n_prefixes);
    if (new_prefixes == NULL) {
        return NULL; /* the names stay allocated: a failed install is not retried */
    }
    size_t *lengths = PyMem_RawCalloc((size_t)n_prefixes + 1, sizeof(size_t));
    if (lengths == NULL) {
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < n_prefixes; i++) {
        lengths[i] = strlen(new_prefixes[i]);
    }
    qsort(new_names, (size_t)n_names, sizeof(char *), compare_names);
    names = new_names;
    prefix_lengths = lengths;
    name_count = n_names;
    prefixes = new_prefixes;
    prefix_count = n_prefixes;
    Py_INCREF(callable);
    python_hook = callable;
    if (PySys_AddAuditHook(hook, NULL) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *judged(PyObject *module, PyObject *event) {
    const char *text = PyUnicode_AsUTF8(event);
    if (text == NULL) {
        return NULL;
    }
    return PyBool_FromLong(is_judged(text));
}

/* id(obj) without the builtins.id audit event: the same number (CPython's id is this call, then the event).
   copy.deepcopy asks it of every object it copies, millions of times in a long scene; the guard never judges
   the event, yet raising it builds an argument tuple and calls every hook each time. */
static PyObject *ident(PyObject *module, PyObject *obj) {
    (void)module;
    return PyLong_FromVoidPtr(obj);
}

static PyMethodDef methods[] = {
    {"install", install, METH_VARARGS,
     "install(hook, names, prefixes): an audit hook passing the events named, or starting with a prefix, "
     "to hook(event, args); once per process, never removed."},
    {"judged", judged, METH_O, "judged(event): whether the installed filter passes this event on."},
    {"ident", ident, METH_O, "ident(obj): id(obj), without the builtins.id audit event."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef definition = {
    PyModuleDef_HEAD_INIT, "_auditfilter", "The runtime guard's audit hook in C, before its Python one.", -1,
    methods,
};

PyMODINIT_FUNC PyInit__auditfilter(void) { return PyModule_Create(&definition); }
