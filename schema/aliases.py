"""The alias table: canonical names for the values of each facet, with the spellings papers use.

Value nodes in the graph hold canonical names (ResNet-50, not resnet50 / ResNet 50), so questions across
a corpus work. Matching uses `alias_key`, which folds case and drops every non-alphanumeric character:
"ResNet 50", "resnet-50" and "RESNET50" share the key "resnet50", so only genuinely different spellings
need listing. The rule extractor uses this table as its vocabulary; the LLM extractor uses it to
canonicalize what the model returns. This is general knowledge of the field, never tied to a paper.
"""

from __future__ import annotations

import re
from functools import cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def alias_key(text: str) -> str:
    """Fold a spelling to its matching key: casefolded, alphanumerics only."""
    return _NON_ALNUM.sub("", text.casefold())


# facet key -> canonical name -> other spellings (the canonical name always matches itself)
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "model": {
        "CNN": ("convolutional neural network", "convolutional neural networks", "convnet", "CNNs", "ConvNets",
                "deep convolutional neural network", "DCNN"),
        "RNN": ("recurrent neural network", "recurrent neural networks", "RNNs"),
        "LSTM": ("long short-term memory", "long short term memory", "LSTMs", "BiLSTM", "Bi-LSTM"),
        "GRU": ("gated recurrent unit", "gated recurrent units", "GRUs"),
        "Transformer": ("transformers", "transformer model", "self-attention network"),
        "Vision Transformer": ("ViT", "vision transformers", "ViT-B/16", "ViT-B/32", "ViT-L/16"),
        "Swin Transformer": ("Swin", "swin-t", "swin-b"),
        "MLP": ("multilayer perceptron", "multi-layer perceptron", "multilayer perceptrons"),
        "ANN": ("artificial neural network", "artificial neural networks", "ANNs"),
        "Autoencoder": ("autoencoders", "auto-encoder", "variational autoencoder", "VAE"),
        "GAN": ("generative adversarial network", "generative adversarial networks", "GANs"),
        "GNN": ("graph neural network", "graph neural networks", "GCN", "graph convolutional network"),
        "ResNet": ("residual network", "residual networks", "ResNets"),
        "ResNet-18": (), "ResNet-34": (), "ResNet-50": ("ResNet50V2", "ResNet-50 v2"), "ResNet-101": (),
        "ResNet-152": (), "ResNeXt": ("ResNeXt-50", "ResNeXt-101"),
        "VGG-16": ("VGG16", "VGGNet-16"), "VGG-19": ("VGG19",), "VGG": ("VGGNet",),
        "AlexNet": (), "LeNet": ("LeNet-5",), "GoogLeNet": ("Inception v1", "InceptionV1"),
        "Inception-v3": ("InceptionV3", "Inception v3", "Inception-V3"),
        "Inception-ResNet-v2": ("InceptionResNetV2", "Inception ResNet v2"), "Xception": (),
        "DenseNet": ("DenseNet-121", "DenseNet121", "DenseNet-169", "DenseNet-201", "DenseNet201"),
        "MobileNet": ("MobileNetV1", "MobileNet v1"), "MobileNetV2": ("MobileNet v2", "MobileNet-V2"),
        "MobileNetV3": ("MobileNet v3", "MobileNetV3-Large", "MobileNetV3-Small"),
        "EfficientNet": ("EfficientNet-B0", "EfficientNetB0", "EfficientNet-B3", "EfficientNet-B4",
                         "EfficientNet-B7", "EfficientNetV2"),
        "SqueezeNet": (), "ShuffleNet": (), "NASNet": ("NASNetMobile", "NASNet-Large"), "ConvNeXt": (),
        "U-Net": ("UNet", "U Net"), "SegNet": (), "DeepLab": ("DeepLabv3", "DeepLabV3+", "DeepLab v3+"),
        "FCN": ("fully convolutional network", "fully convolutional networks"), "PSPNet": (),
        "Mask R-CNN": ("MaskRCNN",), "Faster R-CNN": ("FasterRCNN", "Faster-RCNN"), "Fast R-CNN": (),
        "R-CNN": ("RCNN", "region-based convolutional neural network"),
        "YOLO": ("you only look once",), "YOLOv2": (), "YOLOv3": (), "YOLOv4": (), "YOLOv5": (),
        "YOLOv7": (), "YOLOv8": (), "SSD": ("single shot detector", "single shot multibox detector"),
        "RetinaNet": (), "DETR": (), "CenterNet": (), "EfficientDet": (),
        "BERT": (), "CLIP": (), "BirdNET": (), "MegaDetector": (), "WaveNet": (), "TCN": ("temporal convolutional network",),
        "Siamese network": ("siamese networks", "siamese neural network"),
        "Capsule network": ("CapsNet", "capsule networks"),
        "Random forest": ("random forests", "RF"),
        "SVM": ("support vector machine", "support vector machines"),
        "YOLOv6": (), "YOLOv9": (), "YOLOv10": (), "YOLOv11": ("YOLO11",), "YOLOX": (), "Tiny YOLO": ("YOLOv3-tiny", "YOLOv4-tiny"),
        "DarkNet-53": ("Darknet53",), "CSPDarknet": (), "HRNet": (), "Mask2Former": (), "SAM": ("Segment Anything",),
        "DINOv2": (), "ConvLSTM": (), "Bi-GRU": ("BiGRU",), "Attention mechanism": ("attention mechanism", "self-attention"),
        "DBN": ("deep belief network", "deep belief networks"), "Pix2Pix": (), "CycleGAN": (), "Deep SVDD": (),
        "LightGBM": (), "KNN": ("k-nearest neighbors", "k-nearest neighbours"), "MaxEnt": ("Maxent", "maximum entropy"),
        "DNN": ("deep neural network", "deep neural networks", "DNNs"),
        "XGBoost": (), "Gradient boosting": ("gradient boosting machine", "GBM", "boosted regression trees", "BRT"),
    },
    "pretrained_weights": {
        "ImageNet": ("imagenet", "ILSVRC", "ImageNet-1k", "ImageNet-21k", "ImageNet1K"),
        "COCO": ("MS COCO", "MS-COCO", "Microsoft COCO", "common objects in context"),
        "Pascal VOC": ("PASCAL VOC", "VOC2007", "VOC2012"),
        "AudioSet": ("Audio Set",), "iNaturalist": ("iNat",), "Places365": ("Places",),
        "Trained from scratch": ("from scratch", "random initialization", "randomly initialized",
                                 "random weights", "randomly initialised"),
    },
    "datasets": {
        "ImageNet": ("ILSVRC", "ImageNet-1k"), "COCO": ("MS COCO", "MS-COCO", "Microsoft COCO"), "MNIST": (),
        "CIFAR-10": ("CIFAR10",), "CIFAR-100": ("CIFAR100",), "CIFAR": (), "Pascal VOC": ("PASCAL VOC",),
        "iNaturalist": (), "Snapshot Serengeti": (), "LILA BC": ("LILA", "lila.science"),
        "Caltech Camera Traps": ("CCT",), "xeno-canto": ("xenocanto", "xeno canto"),
        "Macaulay Library": (), "BirdCLEF": (), "GBIF": ("global biodiversity information facility",),
        "eBird": (), "WorldClim": ("CHELSA",), "PlantCLEF": (), "PlantVillage": ("Plant Village",),
        "LifeCLEF": (), "Open Images": ("OpenImages",), "AudioSet": (), "ESC-50": (), "UrbanSound8K": (),
        "iWildCam": (), "Fashion-MNIST": (), "Pl@ntNet": ("PlantNet",), "NABirds": (), "CUB-200": ("CUB-200-2011",),
        "Wildlife Insights": (), "IP102": (), "DCASE": (), "Animals with Attributes": (), "OBIS": (),
        "Movebank": (), "BOLD Systems": ("Barcode of Life Data System",),
    },
    "optimizer": {
        "SGD": ("stochastic gradient descent", "SGDM", "SGD with momentum", "mini-batch gradient descent",
                "minibatch stochastic gradient descent"),
        "Adam": ("adaptive moment estimation", "ADAM optimizer", "Adam optimiser", "Adam optimizer"),
        "AdamW": ("Adam with decoupled weight decay",), "RMSprop": ("RMSProp", "root mean square propagation"),
        "Adagrad": ("AdaGrad",), "Adadelta": ("AdaDelta",), "Nadam": ("NAdam",), "Adamax": (),
        "L-BFGS": ("LBFGS",), "Gradient descent": ("gradient descent",),
        "Levenberg-Marquardt": ("Levenberg Marquardt",), "LARS": (), "LAMB": (), "RAdam": (),
    },
    "loss_function": {
        "Cross-entropy": ("cross entropy", "cross-entropy loss", "categorical cross-entropy", "categorical crossentropy",
                          "softmax cross-entropy", "log loss", "negative log-likelihood", "NLL loss"),
        "Binary cross-entropy": ("binary cross entropy", "BCE", "binary crossentropy", "BCE loss"),
        "Focal loss": (), "Dice loss": ("dice coefficient loss",), "Mean squared error loss": ("MSE loss", "L2 loss"),
        "Mean absolute error loss": ("MAE loss", "L1 loss"), "Huber loss": ("smooth L1 loss", "smooth L1"),
        "Triplet loss": (), "Contrastive loss": (), "Hinge loss": (), "IoU loss": ("GIoU loss", "CIoU loss"),
        "Weighted cross-entropy": ("weighted cross entropy", "class-weighted cross-entropy"),
    },
    "framework": {
        "TensorFlow": ("tensorflow", "TF", "Tensorflow 2", "TensorFlow 2"), "Keras": ("tf.keras",),
        "PyTorch": ("pytorch", "torch"), "PyTorch Lightning": ("Lightning",), "Caffe": (), "Caffe2": (),
        "Theano": (), "MXNet": ("Apache MXNet",), "JAX": (), "Flax": (), "Darknet": (),
        "scikit-learn": ("sklearn", "scikit learn", "scikitlearn"), "OpenCV": ("cv2",), "fastai": ("fast.ai",),
        "Detectron2": ("Detectron",), "MMDetection": (), "Ultralytics": (), "Hugging Face Transformers": (
            "HuggingFace", "Hugging Face", "transformers library"),
        "Matlab": ("MATLAB", "Deep Learning Toolbox"), "Python": (), "CUDA": (), "cuDNN": ("CuDNN",),
        "ONNX": (), "TensorRT": (), "Librosa": ("librosa",), "NumPy": (), "pandas": (), "GDAL": (),
        "Google Earth Engine": ("Earth Engine", "GEE"), "Weka": (), "H2O": (), "PaddlePaddle": (), "Chainer": (),
        "CNTK": ("Microsoft Cognitive Toolkit",), "Torchvision": (), "timm": (), "Google Colab": ("Colab", "Colaboratory"),
        "Lasagne": (), "Deeplearning4j": ("DL4J",), "MatConvNet": (), "Torch7": ("Lua Torch",), "DeepLabCut": (),
        "ArcGIS": ("ArcGIS Pro", "ArcMap"), "QGIS": (), "Hyperopt": (), "Optuna": (),
        "YOLO Darknet": (), "TensorFlow Object Detection API": ("Object Detection API",), "OpenSoundscape": (),
        "Koogu": (), "ketos": (), "Raven": (), "biomod2": (), "MaxEnt software": ("Maxent software",),
        "caret": (), "keras R package": ("kerasR",), "Weights & Biases": ("wandb",),
    },
    "hardware": {
        "GPU": ("GPUs", "graphics processing unit", "graphics processing units", "graphics card", "graphic card"),
        "TPU": ("TPUs", "tensor processing unit"), "CPU": ("CPUs", "central processing unit"),
        "NVIDIA Tesla V100": ("Tesla V100", "V100"), "NVIDIA Tesla P100": ("Tesla P100", "P100"),
        "NVIDIA Tesla K80": ("Tesla K80", "K80"), "NVIDIA Tesla T4": ("Tesla T4", "T4 GPU"),
        "NVIDIA A100": ("A100",), "NVIDIA H100": ("H100",), "NVIDIA Titan X": ("Titan X", "TITAN X", "Titan Xp"),
        "NVIDIA Titan RTX": ("Titan RTX",), "NVIDIA Titan V": ("Titan V",),
        "NVIDIA GeForce GTX 1080 Ti": ("GTX 1080 Ti", "GeForce GTX 1080Ti", "GTX 1080Ti", "1080 Ti"),
        "NVIDIA GeForce GTX 1080": ("GTX 1080",), "NVIDIA GeForce GTX 1070": ("GTX 1070",),
        "NVIDIA GeForce GTX 1060": ("GTX 1060",), "NVIDIA GeForce RTX 2080 Ti": ("RTX 2080 Ti", "RTX 2080Ti"),
        "NVIDIA GeForce RTX 2080": ("RTX 2080",), "NVIDIA GeForce RTX 2070": ("RTX 2070",),
        "NVIDIA GeForce RTX 3090": ("RTX 3090",), "NVIDIA GeForce RTX 3080": ("RTX 3080",),
        "NVIDIA GeForce RTX 3060": ("RTX 3060",), "NVIDIA GeForce RTX 4090": ("RTX 4090",),
        "NVIDIA Quadro": ("Quadro",), "NVIDIA Jetson": ("Jetson Nano", "Jetson TX2", "Jetson Xavier"),
        "Raspberry Pi": (), "Google Colab": ("Colab",), "HPC cluster": ("high performance computing", "HPC"),
        "Intel CPU": ("Intel", "Intel processor", "Intel processors"), "Intel Core i7": ("Core i7", "i7"), "Intel Core i9": ("Core i9",), "Intel Xeon": ("Xeon",),
        "Apple M1": ("M1",), "NVIDIA RTX A6000": ("RTX A6000", "A6000"), "NVIDIA RTX A5000": ("RTX A5000",),
        "NVIDIA GeForce GTX 980": ("GTX 980",), "NVIDIA GeForce GTX 970": ("GTX 970",), "NVIDIA GeForce GTX 1650": ("GTX 1650",),
        "NVIDIA GeForce RTX 3070": ("RTX 3070",), "NVIDIA GeForce RTX 4080": ("RTX 4080",), "NVIDIA Tesla K40": ("Tesla K40", "K40"),
        "NVIDIA Tesla M60": ("Tesla M60",), "NVIDIA Tesla P40": ("Tesla P40",), "NVIDIA GeForce": ("GeForce",),
        "NVIDIA Tesla": ("Tesla",), "NVIDIA DGX": ("DGX",), "AMD Ryzen": ("Ryzen",), "AMD Radeon": ("Radeon",),
        "Laptop": ("laptop", "notebook computer"), "Workstation": ("workstation",),
    },
    "metrics": {
        "Accuracy": ("overall accuracy", "classification accuracy", "top-1 accuracy", "top-5 accuracy", "OA"),
        "Precision": ("positive predictive value",), "Recall": ("sensitivity", "true positive rate", "TPR"),
        "F1-score": ("F1", "F1 score", "F-score", "F-measure", "F1-measure", "F1 measure", "Dice score"),
        "Specificity": ("true negative rate",), "mAP": ("mean average precision", "mAP@0.5", "mAP50", "mAP@50",
                                                     "mAP@0.5:0.95"),
        "Average precision": ("AP",), "IoU": ("intersection over union", "Jaccard index", "mIoU", "mean IoU"),
        "AUC": ("area under the curve", "ROC AUC", "AUC-ROC", "AUROC", "area under the ROC curve"),
        "ROC curve": ("receiver operating characteristic",), "Kappa": ("Cohen's kappa", "kappa coefficient"),
        "RMSE": ("root mean square error", "root mean squared error"), "MAE": ("mean absolute error",),
        "MSE": ("mean squared error", "mean square error"), "R2": ("R²", "coefficient of determination", "R-squared"),
        "Confusion matrix": ("confusion matrices",), "Balanced accuracy": (), "MCC": ("Matthews correlation coefficient",),
        "TSS": ("true skill statistic",), "Log loss": (), "ARI": ("adjusted Rand index",),
        "AMI": ("adjusted mutual information",), "NMI": ("normalized mutual information",), "DBCV": (),
        "Silhouette score": ("silhouette coefficient",), "Error rate": ("error rate", "top-1 error", "top-5 error"),
        "Omission rate": ("omission error", "commission error"), "Boyce index": ("continuous Boyce index",),
        "Mean average error": (), "Cohen's d": (),
        "PSNR": ("peak signal-to-noise ratio", "peak signal to noise ratio"),
        "SSIM": ("structural similarity index", "structural similarity index measure", "MS-SSIM"),
        "MAPE": ("mean absolute percentage error",), "EER": ("equal error rate",),
        "NSE": ("Nash-Sutcliffe efficiency",),
    },
    "augmentation": {
        "Data augmentation": ("augmentation", "augmented", "image augmentation", "data augmentations"),
        "Flipping": ("flip", "flips", "horizontal flip", "horizontal flipping", "vertical flip", "vertical flipping",
                     "random flip", "random flipping", "mirroring"),
        "Rotation": ("rotate", "rotating", "rotations", "random rotation", "random rotations"),
        "Scaling": ("random scaling", "rescaling", "zoom", "zooming", "random zoom"),
        "Cropping": ("random crop", "random cropping", "random crops", "random resized crop", "center crop"),
        "Translation": ("random shift", "random shifts", "width shift", "height shift", "random translation",
                        "translations"),
        "Brightness adjustment": ("brightness", "brightness changes", "color jitter", "colour jitter", "color jittering"),
        "Contrast adjustment": ("contrast adjustment", "contrast changes", "random contrast", "increased contrast",
                                "decreased contrast", "contrast variation", "contrast variations"),
        "Shearing": ("shear", "shear transformation"),
        "Noise injection": ("gaussian noise", "added noise", "adding noise", "noise addition", "random noise"),
        "Mixup": ("mix-up",), "CutMix": (), "Cutout": (), "Mosaic": ("mosaic augmentation",),
        "Time shifting": ("time shift", "time shifts"), "Pitch shifting": ("pitch shift",),
        "SpecAugment": ("time masking", "frequency masking"), "Blurring": ("gaussian blur", "blur"),
    },
    "preprocessing": {
        "Normalization": ("normalisation", "normalized", "normalised", "normalize", "normalise", "standardization",
                          "standardisation", "z-score", "min-max scaling", "mean subtraction", "mean centering",
                          "mean-centering", "mean centred", "mean centered", "mean-centered", "rescaled between",
                          "scaled between", "rescaled to the range", "scaled to the range"),
        "Resizing": ("resized", "resize", "rescaled to", "resampled to"),
        "Cropping": ("cropped", "cropping"), "Spectrogram": ("spectrograms", "mel spectrogram", "mel-spectrogram",
                                                          "log-mel spectrogram", "STFT", "short-time Fourier transform"),
        "MFCC": ("mel-frequency cepstral coefficients", "mel frequency cepstral coefficients", "MFCCs"),
        "Band-pass filtering": ("bandpass filter", "band-pass filter", "high-pass filter", "low-pass filter",
                                "bandpass filtering", "high-pass filtering", "band-pass filtered", "high-pass filtered",
                                "low-pass filtered", "low-pass filtering"),
        "Resampling": ("resampled", "downsampled", "downsampling", "upsampled"),
        "Tiling": ("tiles", "tiled", "patches", "image patches", "sliding window"),
        "Cloud masking": ("cloud mask", "cloud-free", "cloud removal"),
        "Atmospheric correction": (), "Orthorectification": ("orthorectified",),
        "Data cleaning": ("cleaning", "cleaned", "outlier removal", "removed duplicates"),
        "Grayscale conversion": ("grayscale", "greyscale", "gray-scale"),
        "Denoising": ("noise reduction", "denoised"), "Segmentation into clips": ("segmented into", "clips of"),
        "Dimensionality reduction": ("PCA", "principal component analysis"),
        "Interpolation": ("interpolated",), "Log transformation": ("log-transformed", "log transform"),
        "One-hot encoding": ("one-hot",), "Background points": ("background points", "pseudo-absences", "pseudo-absence"),
        "NDVI": ("normalized difference vegetation index",),
    },
    "data_format": {
        "Image": ("images", "photographs", "photos", "RGB images", "camera trap images", "JPEG", "JPG", "PNG", "TIFF", "GeoTIFF"),
        "Audio": ("audio recordings", "sound recordings", "WAV", "acoustic recordings", "recordings"),
        "Video": ("videos", "video clips", "video footage"),
        "Time series": ("time-series",), "Tabular": ("CSV", "tabular data", "spreadsheet"),
        "Text": ("text data",), "Point cloud": ("point clouds",), "Multispectral imagery": (
            "multispectral images", "hyperspectral images", "satellite images", "satellite imagery", "aerial images",
            "aerial imagery", "remote sensing images", "UAV images", "drone images", "orthophotos"),
        "Spectrogram": ("spectrograms",), "DNA sequences": ("DNA sequence", "sequences"),
    },
    "annotation": {
        "Bounding box annotation": ("bounding box", "bounding boxes", "bounding-box"),
        "Instance segmentation": ("instance masks",), "Semantic segmentation masks": ("pixel-level annotation",
                                                                                      "segmentation masks"),
        "Polygon annotation": ("polygons",), "Image-level labels": ("image-level labels", "class labels"),
        "Manual annotation": ("manually annotated", "manually labeled", "manually labelled", "hand-labeled",
                              "annotated by experts", "expert annotation"),
        "Crowdsourcing": ("crowdsourced", "citizen scientists", "Zooniverse"),
        "LabelImg": (), "CVAT": (), "Labelbox": (), "Raven Pro": ("Raven",), "Keypoint annotation": ("keypoints",),
    },
    "data_collection": {
        "Camera traps": ("camera trap", "camera-trap", "camera traps", "trail cameras", "trail camera"),
        "Acoustic sensors": ("autonomous recording units", "ARU", "ARUs", "passive acoustic monitoring",
                             "acoustic recorders", "AudioMoth", "hydrophone", "hydrophones", "microphones"),
        "Satellite imagery": ("satellite", "satellites"), "UAV": ("drone", "drones", "unmanned aerial vehicle", "UAVs"),
        "Field survey": ("field surveys", "field work", "fieldwork", "field sampling", "transects"),
        "Public datasets": ("publicly available dataset", "public dataset", "open dataset"),
        "Citizen science": ("citizen scientists", "iNaturalist observations"),
        "Sensors": ("sensor", "sensors"), "Microscopy": ("microscope",), "Web scraping": ("downloaded from",),
        "Sentinel-2": ("Sentinel 2",), "Sentinel-1": ("Sentinel 1",),
        "Landsat": ("Landsat 8", "Landsat-8", "Landsat 7", "Landsat-7", "Landsat OLI", "Landsat TM"),
        "MODIS": (), "NAIP": (), "LiDAR": ("lidar", "airborne laser scanning", "ALS", "terrestrial laser scanning", "TLS"),
        "Google Earth": (), "PlanetScope": ("Planet imagery",), "WorldView": ("WorldView-2", "WorldView-3"),
        "GPS tracking": ("GPS", "GPS loggers", "GPS devices", "GPS tags", "biologging", "bio-logging", "accelerometer",
                         "accelerometers", "accelerometry", "time-depth recorder", "TDR"),
        "Underwater imagery": ("underwater camera", "underwater cameras", "ROV", "AUV", "baited remote underwater video"),
        "Herbarium specimens": ("herbarium", "herbarium sheets", "museum specimens"),
        "Fisheries data": ("fishing hauls", "commercial fishing", "catch data", "survey data", "trawl survey"),
        "Online image search": ("Google Images", "Google Image Search", "Flickr", "web images"),
    },
    "purpose": {
        "Classification": ("classify", "classifying", "classifier", "image classification", "species classification"),
        "Object detection": ("detection", "detect", "detecting", "detector"),
        "Semantic segmentation": ("segmentation", "segment", "segmenting"),
        "Regression": ("predict", "prediction", "estimation", "estimate"), "Counting": ("count", "counting"),
        "Species identification": ("species recognition", "identify species", "identification"),
        "Species distribution modelling": ("species distribution model", "SDM", "SDMs", "habitat suitability"),
        "Tracking": ("tracking",), "Forecasting": ("forecast",), "Clustering": (), "Re-identification": (),
        "Recognition": ("recognition", "recognizing", "recognising", "recognize"), "Mapping": ("mapping",),
        "Behaviour prediction": ("predict behaviour", "behaviour classification", "behavior classification"),
    },
    "data_split": {
        "Train/validation/test split": ("training, validation and test", "train, validation and test",
                                        "training, validation, and test", "training/validation/test"),
        "Train/test split": ("training and test", "training and testing", "train and test"),
        "k-fold cross-validation": ("k-fold", "fold cross-validation", "fold cross validation"),
        "Leave-one-out cross-validation": ("leave-one-out", "LOOCV"),
        "Spatial block cross-validation": ("spatial blocks", "spatial block", "spatial cross-validation", "blockCV"),
        "Temporal split": ("temporal split", "chronological split"),
        "Stratified split": ("stratified", "stratified sampling", "stratified split"),
        "Random split": ("randomly split", "randomly divided", "random split", "randomly partitioned"),
    },
    "regularization": {
        "Dropout": ("drop-out", "dropout layer", "dropout layers", "spatial dropout"),
        "L2 regularization": ("L2", "weight decay", "ridge penalty", "L2 penalty"),
        "L1 regularization": ("L1 penalty", "lasso penalty"), "Batch normalization": ("batch norm", "BatchNorm"),
        "Early stopping": ("early-stopping",), "Data augmentation": (), "Label smoothing": (),
    },
    "stopping_criterion": {
        "Early stopping": ("early-stopping", "stopped early", "EarlyStopping"),
        "Validation loss plateau": ("plateau", "no improvement", "no longer decreased", "no longer improved",
                                    "stopped improving", "did not improve", "stopped decreasing", "ReduceLROnPlateau"),
        "Fixed number of epochs": ("maximum number of epochs",), "Convergence": ("converged", "until convergence"),
    },
    "monitoring": {
        "Validation loss": ("validation loss", "val_loss"), "Validation accuracy": ("validation accuracy",),
        "Learning curves": ("learning curve", "loss curves", "training curves"), "TensorBoard": (),
        "Weights & Biases": ("wandb",), "Checkpointing": ("model checkpoint", "checkpoints", "best model", "ModelCheckpoint"),
        "Validation set": ("validation set", "validation data", "validation dataset", "validation subset",
                           "validation images", "validation sets", "validation split", "validation groups",
                           "validation group", "validation step", "validation results", "validation accuracy"),
        "Training loss": ("training loss", "train loss"), "Out-of-bag error": ("out-of-bag", "OOB error"),
    },
    "hyperparameter_tuning": {
        "Grid search": ("grid-search", "GridSearchCV"), "Random search": ("randomized search", "RandomizedSearchCV"),
        "Bayesian optimization": ("Bayesian optimisation", "Optuna", "Hyperopt", "Tree Parzen Estimator", "TPE"),
        "Manual tuning": ("trial and error", "empirically chosen", "chosen empirically", "determined empirically"),
        "Random hyperparameter search": ("random hyperparameter search", "random hyper-parameter search"),
        "Hyperparameter search": ("hyperparameter search", "hyper-parameter search", "hyperparameter optimization",
                                  "hyperparameter optimisation", "hyperparameter tuning", "hyper-parameter tuning"),
        "Cross-validation tuning": ("nested cross-validation",),
        "Keras Tuner": (), "Genetic algorithm": (),
    },
    "randomness": {
        "Fixed random seed": ("random seed", "random seeds", "seed value", "fixed seed", "set the seed"),
        "Repeated runs": ("repeated", "independent runs", "repetitions"),
        "Deterministic training": ("deterministic",),
    },
    "generalizability": {
        "Cross-validation": ("cross validation", "k-fold", "crossvalidation"),
        "Independent test set": ("independent test", "held-out test", "hold-out test", "unseen data"),
        "Diverse dataset": ("diverse dataset", "different locations", "multiple sites"),
        "Stratified split": ("stratified",), "Spatial cross-validation": ("spatial block",),
        "External validation": ("external dataset", "transferability"),
        "Validation set": ("validation set", "validation data", "validation dataset", "validation sets"),
        "Held-out test set": ("test set", "testing set", "test data", "test dataset", "held-out", "hold-out",
                              "testing data", "test images"),
        "Out-of-bag error": ("out-of-bag", "OOB error"), "Bootstrapping": ("bootstrap", "bootstrapped"),
    },
    "postprocessing": {
        "Non-maximum suppression": ("NMS", "non-max suppression"), "Confusion matrix": ("confusion matrices",),
        "Saliency maps": ("saliency map", "Grad-CAM", "GradCAM", "class activation map", "CAM"),
        "Thresholding": ("threshold",), "Ensembling": ("ensemble", "model averaging"),
        "Test-time augmentation": ("TTA",), "Morphological operations": (), "Calibration": (),
    },
    "data_bias": {
        "Oversampling": ("over-sampling", "SMOTE", "oversampled"), "Undersampling": ("under-sampling", "undersampled"),
        "Class weighting": ("class weights", "weighted loss", "class-balanced"),
        "Stratified splitting": ("stratified",), "Data augmentation for minority classes": (),
    },
    "deployment_process": {
        "Model serialization": ("saved model", "serialized", "SavedModel", "exported", "ONNX", "TFLite",
                               "TensorFlow Lite", "model conversion"),
        "Web application": ("web app", "web interface", "Shiny"), "Mobile application": ("mobile app", "smartphone app"),
        "API": ("REST API",), "Edge deployment": ("edge device", "on-device"),
    },
    "deployment_platform": {
        "AWS": ("Amazon Web Services", "Amazon SageMaker", "EC2"), "Microsoft Azure": ("Azure",),
        "Google Cloud Platform": ("Google Cloud", "GCP"), "Raspberry Pi": (), "NVIDIA Jetson": ("Jetson",),
        "Android": (), "iOS": (), "Hugging Face Spaces": (),
    },
    "code_repository": {
        "GitHub": ("github.com", "Github"), "GitLab": ("gitlab.com",), "Bitbucket": ("bitbucket.org",),
        "Zenodo": (), "Figshare": (), "Code Ocean": ("CodeOcean",), "SourceForge": (),
    },
    "data_repository": {
        "Zenodo": ("zenodo.org",), "Figshare": ("figshare.com",), "Dryad": ("datadryad.org",), "GBIF": ("gbif.org",),
        "GitHub": ("github.com",), "Kaggle": (), "Mendeley Data": (), "PANGAEA": (), "OSF": ("Open Science Framework",),
        "Dataverse": ("Harvard Dataverse",), "LILA BC": ("lila.science",), "Xeno-canto": ("xeno-canto.org",),
        "Available on request": ("upon request", "on request", "upon reasonable request", "on reasonable request"),
    },
    "hyperparameters": {
        "learning rate": ("learning-rate", "initial learning rate", "LR", "base learning rate"),
        "batch size": ("batch-size", "mini-batch size", "minibatch size", "batch sizes"),
        "epochs": ("epoch", "training epochs", "number of epochs"), "momentum": (),
        "weight decay": ("L2 penalty",), "dropout rate": ("dropout", "dropout probability"),
        "iterations": ("iteration", "training iterations", "steps"), "input size": ("image size", "input resolution"),
        "learning rate decay": ("decay rate", "gamma"), "warmup": ("warm-up", "warmup epochs"),
        "number of layers": ("layers",), "hidden units": ("neurons", "hidden neurons", "units"),
        "kernel size": ("filter size",), "optimizer": (),
    },
}


@cache
def lookup_table(facet_key: str) -> dict[str, str]:
    """alias_key -> canonical name for one facet (built once)."""
    table: dict[str, str] = {}
    for canonical, spellings in ALIASES.get(facet_key, {}).items():
        for spelling in (canonical, *spellings):
            table.setdefault(alias_key(spelling), canonical)
    return table


_DATASET_SUFFIX = re.compile(r"\s+(?:data\s?sets?|databases?)$", re.I)


def canonicalize(facet_key: str, mention: str) -> str:
    """The canonical name of a mention for a facet; an unknown mention keeps its own tidy spelling.
    A dataset's name drops a trailing "dataset" / "data set" / "database": "ExampleSet dataset" is "ExampleSet"."""
    if facet_key == "datasets":
        mention = _DATASET_SUFFIX.sub("", mention.strip()) or mention
    found = lookup_table(facet_key).get(alias_key(mention))
    return found if found is not None else " ".join(mention.split())
