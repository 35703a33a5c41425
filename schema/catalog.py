"""The facet catalog: the one place that says which facts methodkg extracts.

Every other module (rule extractor, LLM prompt, graph writers, router, reports, eval) reads
facets from here. Node labels and relationship types are an allow-list: nothing outside this
table is ever placed in a Cypher statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Stage = Literal["data", "model", "training", "evaluation", "availability", "deployment"]
STAGES: tuple[Stage, ...] = ("data", "model", "training", "evaluation", "availability", "deployment")


@dataclass(frozen=True)
class Facet:
    """One methodological aspect of a paper, answerable from the graph."""

    key: str
    label: str
    stage: Stage
    node_label: str
    rel_type: str
    cq: int | None  # competency question number in benchmark/cqs.csv, None for extra facets
    question: str
    keywords: tuple[str, ...] = field(default=())  # words that route a paraphrased question here
    quantitative: bool = False  # facts carry an amount and a unit (hyper-parameters)


FACETS: tuple[Facet, ...] = (
    Facet("data_collection", "Data collection", "data", "DataCollectionMethod", "COLLECTS_DATA_WITH", 1,
          "What methods are utilized for collecting raw data in the deep learning pipeline (e.g., surveys, sensors, public datasets)?",
          ("collect", "collected", "collection", "raw data", "acquire", "acquired", "acquisition", "sensor", "survey", "recorded", "gathered")),
    Facet("data_format", "Data format", "data", "DataFormat", "HAS_DATA_FORMAT", 2,
          "What data formats are used in the deep learning pipeline (e.g., image, audio, video, CSV)?",
          ("format", "formats", "modality", "file type", "kind of data", "type of data")),
    Facet("annotation", "Data annotation", "data", "AnnotationTechnique", "ANNOTATES_WITH", 3,
          "What are the data annotation techniques used in the deep learning pipeline (e.g., bounding box annotation, instance segmentation)?",
          ("annotation", "annotate", "annotated", "label", "labelled", "labeled", "labeling", "labelling")),
    Facet("augmentation", "Data augmentation", "data", "AugmentationTechnique", "APPLIES_AUGMENTATION", 4,
          "What are the data augmentation techniques applied in the deep learning pipeline (e.g., Flipping, Rotating, Scaling)?",
          ("augmentation", "augment", "augmented", "flip", "flipping", "rotation")),
    Facet("datasets", "Datasets", "data", "Dataset", "USES_DATASET", 5,
          "What are the datasets used in the deep learning pipeline (e.g., MNIST, CIFAR, ImageNet)?",
          ("dataset", "datasets", "data set", "data sets", "benchmark", "corpus")),
    Facet("preprocessing", "Preprocessing", "data", "PreprocessingStep", "APPLIES_PREPROCESSING", 6,
          "What preprocessing steps are involved before training a deep learning model (e.g., normalization, scaling, cleaning)?",
          ("preprocessing", "pre-processing", "preprocess", "normalization", "normalisation", "cleaning", "resizing")),
    Facet("data_split", "Data split", "data", "SplitStrategy", "SPLITS_DATA_BY", 7,
          "What are the criteria used to split the data for deep learning model training (e.g., train, test, validation)?",
          ("split", "splitting", "partition", "train/test", "test set", "validation set", "holdout", "hold-out")),
    Facet("code_repository", "Code repository", "availability", "CodeRepository", "HOSTS_CODE_ON", 8,
          "Where is the code repository of the deep learning pipeline available (e.g., GitHub, GitLab, BitBucket)?",
          ("code", "source code", "repository", "github", "gitlab", "bitbucket", "software available")),
    Facet("data_repository", "Data repository", "availability", "DataRepository", "HOSTS_DATA_ON", 9,
          "Where is the data repository of the deep learning pipeline available (e.g., Zenodo, Figshare, Dryad, GBIF)?",
          ("data repository", "data available", "data availability", "zenodo", "figshare", "dryad", "gbif", "deposited", "shared data")),
    Facet("code_link", "Code link", "availability", "CodeLink", "LINKS_CODE", 10,
          "What is the code repository link of the deep learning pipeline (e.g., Link to GitHub, GitLab, BitBucket)?",
          ("code link", "link to the code", "code url", "url of the code", "code available", "code released")),
    Facet("data_link", "Data link", "availability", "DataLink", "LINKS_DATA", 11,
          "What is the data repository link of the deep learning pipeline (e.g., Link to Zenodo, Figshare, Dryad, GBIF)?",
          ("data link", "link to the data", "data url", "url of the data", "doi of the data")),
    Facet("model", "Model architecture", "model", "Model", "USES_MODEL", 12,
          "What type of deep learning model is used in the pipeline (e.g., CNN, RNN, Transformer)?",
          ("model", "architecture", "network", "cnn", "rnn", "transformer", "backbone")),
    Facet("hyperparameters", "Hyper-parameters", "training", "Hyperparameter", "SETS_HYPERPARAMETER", 13,
          "What are the hyperparameters used in the deep learning model (e.g., learning rate, optimizer)?",
          ("hyperparameter", "hyperparameters", "hyper-parameter", "hyper-parameters", "learning rate", "batch size",
           "epochs", "epoch", "momentum", "weight decay", "dropout rate"),
          quantitative=True),
    Facet("hyperparameter_tuning", "Hyper-parameter tuning", "training", "TuningMethod", "TUNES_HYPERPARAMETERS_WITH", 14,
          "How are the hyperparameters of the model optimized (e.g., grid search, random search)?",
          ("tuning", "tuned", "tune", "grid search", "random search", "bayesian optimization", "hyperparameter search",
           "hyperparameter optimization", "tuning method", "hyperparameter tuning", "hyper-parameter tuning")),
    Facet("optimizer", "Optimizer", "training", "Optimizer", "USES_OPTIMIZER", 15,
          "What optimization techniques are applied in the deep learning pipeline (e.g., SGD, Adam)?",
          ("optimizer", "optimiser", "optimization technique", "optimization algorithm", "sgd", "adam", "gradient descent")),
    Facet("stopping_criterion", "Stopping criterion", "training", "StoppingCriterion", "STOPS_TRAINING_BY", 16,
          "What criteria are used to determine when training is complete (e.g., validation loss plateau)?",
          ("stop", "stopping", "early stopping", "training complete", "when training", "converge", "convergence", "plateau")),
    Facet("regularization", "Regularization", "training", "RegularizationMethod", "REGULARIZES_WITH", 17,
          "What are the regularization methods used to prevent overfitting in the deep learning pipeline (e.g., dropout, L2 regularization)?",
          ("regularization", "regularisation", "overfitting", "dropout", "l2", "weight decay")),
    Facet("monitoring", "Training monitoring", "training", "MonitoringStrategy", "MONITORS_TRAINING_WITH", 18,
          "What is the strategy implemented to monitor the model performance during training?",
          ("monitor", "monitoring", "during training", "learning curve", "tensorboard", "tracked")),
    Facet("framework", "Frameworks", "model", "Framework", "BUILT_WITH", 19,
          "Which frameworks are used to build the deep learning model (e.g., TensorFlow, PyTorch)?",
          ("framework", "frameworks", "library", "libraries", "tensorflow", "pytorch", "keras", "software")),
    Facet("hardware", "Hardware", "training", "Hardware", "TRAINED_ON", 20,
          "Which hardware resources are used for training the deep learning model (e.g., GPUs, TPUs)?",
          ("hardware", "gpu", "gpus", "tpu", "cpu", "machine", "compute", "computing resources")),
    Facet("postprocessing", "Postprocessing", "evaluation", "PostprocessingStep", "APPLIES_POSTPROCESSING", 21,
          "What are the postprocessing steps involved after the model training (e.g., Saliency maps, Metrics calculation, Confusion matrix)?",
          ("postprocessing", "post-processing", "after training", "saliency", "confusion matrix", "non-maximum suppression")),
    Facet("metrics", "Evaluation metrics", "evaluation", "Metric", "EVALUATED_WITH", 22,
          "What metrics are used to evaluate the performance of the deep learning model (e.g., accuracy, precision, recall)?",
          ("metric", "metrics", "evaluate", "evaluated", "evaluation", "accuracy", "precision", "recall", "f1", "measure performance")),
    Facet("generalizability", "Generalizability", "evaluation", "GeneralizationMeasure", "ENSURES_GENERALIZATION_BY", 23,
          "What measures were taken to ensure the generalizability of the deep learning model (e.g., Diverse dataset, cross-validation, Stratified splitting)?",
          ("generalizability", "generalisability", "generalization", "generalisation", "generalize", "cross-validation",
           "cross validation", "independent test", "transferability", "validated", "validate", "external validation")),
    Facet("randomness", "Randomness", "training", "RandomnessStrategy", "HANDLES_RANDOMNESS_BY", 24,
          "What strategies are employed to handle randomness in the deep learning pipeline (e.g., random seed value)?",
          ("randomness", "random seed", "seed", "seeds", "deterministic", "repeated runs", "random initialization")),
    Facet("purpose", "Purpose", "model", "Task", "HAS_PURPOSE", 25,
          "What is the purpose of the deep learning model (e.g., classification, segmentation, detection)?",
          ("purpose", "task", "goal", "aim", "classification", "segmentation", "detection", "used for")),
    Facet("data_bias", "Data bias handling", "data", "BiasTechnique", "ADDRESSES_BIAS_WITH", 26,
          "What techniques are used to address data bias during preprocessing of the deep learning pipeline (e.g., Stratified splitting, oversampling, undersampling, Diverse data collection)?",
          ("bias", "imbalance", "imbalanced", "class imbalance", "oversampling", "undersampling", "class weights", "balanced")),
    Facet("deployment_process", "Deployment process", "deployment", "DeploymentStep", "DEPLOYS_BY", 27,
          "What process was followed to deploy the trained deep learning model (e.g., Model serialization, Platform selection)?",
          ("deploy", "deployed", "deployment", "serialization", "serialized", "onnx", "exported", "inference pipeline")),
    Facet("deployment_platform", "Deployment platform", "deployment", "DeploymentPlatform", "DEPLOYED_ON", 28,
          "Which platform was used to deploy the deep learning model (e.g., AWS, Azure, Google Cloud platform)?",
          ("platform", "aws", "azure", "google cloud", "cloud", "edge device", "raspberry pi", "mobile app", "web app")),
    Facet("pretrained_weights", "Pre-trained weights", "model", "Weights", "USES_PRETRAINED_WEIGHTS", None,
          "Which pre-trained weights were used to initialize the model (e.g., ImageNet, COCO, trained from scratch)?",
          ("pre-trained", "pretrained", "pre trained", "weights", "transfer learning", "initialized", "initialised",
           "from scratch", "fine-tuned", "fine-tuning", "fine-tune", "finetuned", "finetuning")),
    Facet("loss_function", "Loss function", "training", "LossFunction", "USES_LOSS", None,
          "Which loss function was used to train the model (e.g., cross-entropy, focal loss, mean squared error)?",
          ("loss", "loss function", "objective function", "cost function", "cross-entropy", "cross entropy")),
)

FACETS_BY_KEY: dict[str, Facet] = {f.key: f for f in FACETS}
FACETS_BY_CQ: dict[int, Facet] = {f.cq: f for f in FACETS if f.cq is not None}

# Labels and relationship types that may appear in Cypher text (everything else is a parameter).
PAPER_LABEL = "Paper"
FACET_LABEL = "Facet"
ASSESSED_REL = "ASSESSED"
NODE_LABELS: frozenset[str] = frozenset({PAPER_LABEL, FACET_LABEL} | {f.node_label for f in FACETS})
REL_TYPES: frozenset[str] = frozenset({ASSESSED_REL} | {f.rel_type for f in FACETS})

_IDENT = re.compile(r"^[A-Z][A-Za-z]*$|^[A-Z][A-Z_]*$")
assert len(FACETS_BY_KEY) == len(FACETS), "duplicate facet key"
assert len({f.node_label for f in FACETS}) == len(FACETS), "duplicate node label"
assert len({f.rel_type for f in FACETS}) == len(FACETS), "duplicate relationship type"
assert all(_IDENT.match(x) for x in NODE_LABELS | REL_TYPES), "label or type not a plain identifier"


def facet(key: str) -> Facet:
    """Look a facet up by key, with an error that lists the valid keys."""
    try:
        return FACETS_BY_KEY[key]
    except KeyError:
        from schema.errors import UnknownFacet

        raise UnknownFacet(f"unknown facet {key!r}; known facets: {', '.join(FACETS_BY_KEY)}") from None
