"""Handwriting: line images in, text out, and the code that trains the recognizer.

Inference needs only NumPy, OpenCV and onnxruntime (:mod:`.charset`, :mod:`.preprocess`,
:mod:`.decode`). Everything that makes training data or trains a model (:mod:`.synth`,
:mod:`.augment`, :mod:`.mnist`, :mod:`.vocab`, :mod:`.model`, :mod:`.train`) needs the
optional extra ``train`` (``pip install 'formsift[train]'`` plus torch's CPU build,
``pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu``).
"""
