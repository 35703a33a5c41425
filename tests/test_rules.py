import pytest

from extractor.document import SourceDocument
from extractor.load import load_path
from extractor.normalize import normalize_document
from extractor.rules import RuleExtractor
from schema.models import Status
from tests.conftest import SEED_CONTEXT, needs_shared


def extract(text: str):
    document = normalize_document(SourceDocument(paper_id="p", raw_text=text, source="test"))
    return RuleExtractor().extract(document), document


def values(paper, facet, *, stated=True):
    return [f.value for f in paper.facets[facet].facts if f.counts_as_stated == stated]


@needs_shared
def test_seed_paper_answers():
    paper = RuleExtractor().extract(normalize_document(next(load_path(SEED_CONTEXT))))
    assert paper.status("preprocessing") is Status.NOT_STATED
    assert paper.status("pretrained_weights") is Status.STATED
    assert "ImageNet" in values(paper, "pretrained_weights")
    assert paper.status("optimizer") is not Status.STATED  # "such as SGD or Adam", "typically"
    assert set(values(paper, "optimizer", stated=False)) == {"SGD", "Adam"}


def test_every_fact_quotes_the_text():
    paper, document = extract("We trained a ResNet-50 with SGD (momentum 0.9) and a batch size of 32 in PyTorch.")
    facts = [f for r in paper.facets.values() for f in r.facts]
    assert {"ResNet-50", "SGD", "PyTorch"} <= {f.value for f in facts}
    for fact in facts:
        assert document.text[fact.evidence.start:fact.evidence.end] == fact.evidence.quote
        assert fact.mention.casefold().replace("-", "") in fact.evidence.quote.casefold().replace("-", "")


@pytest.mark.parametrize("sentence", [
    "No data augmentation was applied.", "We did not apply any data augmentation.",
    "The images were used without augmentation.",
])
def test_negation(sentence):
    paper, _ = extract(sentence)
    assert paper.status("augmentation") is Status.NEGATED


@pytest.mark.parametrize("sentence", [
    "Optimizers such as SGD or Adam are typically used to train networks.",
    "Smith et al. (2019) trained their network with Adam.",
    "Adam is commonly used for deep learning.",
])
def test_hedged_or_cited_mentions_are_not_stated(sentence):
    paper, _ = extract(sentence)
    assert paper.status("optimizer") is Status.NOT_STATED
    assert paper.facets["optimizer"].facts and all(f.hedged for f in paper.facets["optimizer"].facts)


def test_first_person_use_is_stated_even_with_a_citation():
    paper, _ = extract("We used the Adam optimizer (Kingma and Ba, 2015) with a learning rate of 0.001.")
    assert values(paper, "optimizer") == ["Adam"]
    hp = [f for f in paper.facets["hyperparameters"].facts if f.value == "learning rate"]
    assert hp and hp[0].amount == "0.001"


def test_references_section_is_not_read_as_method():
    paper, _ = extract("Methods\n\nWe used a random forest.\n\nReferences\n\nKingma, D. P., Ba, J., 2015. Adam: a method "
                       "for stochastic optimization. ICLR 3, 1-15.")
    assert paper.status("optimizer") is Status.NOT_STATED


def test_short_acronyms_match_only_in_capitals():
    paper, _ = extract("We used a cnn-free pipeline. The sgd of the region was measured.")
    assert values(paper, "optimizer") == []


def test_links_and_splits():
    paper, _ = extract("The code is available at https://github.com/lab/tool. We randomly split the images into "
                       "80% for training and 20% for testing.")
    assert values(paper, "code_link") == ["https://github.com/lab/tool"]
    assert values(paper, "code_repository") == ["GitHub"]
    assert paper.status("data_split") is Status.STATED


def test_pretrained_weights_need_a_weights_context():
    paper, _ = extract("We evaluated on ImageNet images.")
    assert paper.status("pretrained_weights") is Status.NOT_STATED
    paper, _ = extract("The network was initialized with weights pre-trained on ImageNet.")
    assert values(paper, "pretrained_weights") == ["ImageNet"]


def test_broken_url_is_repaired_and_own_code_is_stated():
    paper, document = extract("All code for this project is available on GitHub (https://github.com/ lab/deep-tool) "
                              "and archived on Zenodo [18].")
    assert values(paper, "code_link") == ["https://github.com/lab/deep-tool"]
    fact = paper.facets["code_link"].facts[0]
    assert document.text[fact.evidence.start:fact.evidence.end] == fact.evidence.quote


def test_third_party_library_link_is_not_this_papers_code():
    paper, _ = extract("We trained the classifier using the fastai library (https://github.com/fastai/fastai).")
    assert paper.status("code_link") is Status.NOT_STATED
    assert paper.status("framework") is Status.STATED


def test_link_in_a_data_sentence_is_a_data_link():
    paper, _ = extract("The training images are available from https://github.com/lab/whales-data.")
    assert paper.status("code_link") is Status.NOT_STATED
    assert values(paper, "data_link") == ["https://github.com/lab/whales-data"]
    assert values(paper, "datasets") == ["Dataset at github.com/lab/whales-data"]


def test_availability_without_link_on_request_and_refused():
    paper, _ = extract("The data that support the findings are available from the corresponding author upon reasonable request.")
    assert values(paper, "data_repository") == ["Available on request"]
    paper, _ = extract("Annotated training data is not publicly available.")
    assert paper.status("data_repository") is Status.NEGATED
    assert paper.status("datasets") is Status.NOT_STATED  # "not available" names no dataset


def test_numbers_with_units_symbols_and_unicode_minus():
    paper, _ = extract("We trained 5 models with batch size B = 64 and a base learning rate α = 10−4 for 30 epochs.")
    hp = {f.value: f.amount for f in paper.facets["hyperparameters"].facts if f.counts_as_stated}
    assert hp["batch size"] == "64" and hp["learning rate"] == "10-4" and hp["epochs"] == "30"
    paper, _ = extract("The dropout rate was set to 50% in our network.")
    fact = next(f for f in paper.facets["hyperparameters"].facts if f.value == "dropout rate")
    assert (fact.amount, fact.unit) == ("50", "%")


def test_architecture_settings_count_as_hyperparameters():
    paper, _ = extract("Our network consists of three convolutional layers with 16 filters each and a dense layer of 64 units.")
    hp = {(f.value, f.amount) for f in paper.facets["hyperparameters"].facts if f.counts_as_stated}
    assert {("number of layers", "three"), ("number of filters", "16"), ("hidden units", "64")} <= hp


def test_bibliography_lines_and_bare_titles_are_not_this_papers_method():
    for text in ("ImageNet classification with deep convolutional neural networks.",
                 "Kingma, D. P., Ba, J., Adam: a method for stochastic optimization. In Proceedings of ICLR, 2015.",
                 "Abadi, M. et al. TensorFlow: Large-Scale Machine Learning on Heterogeneous Distributed Systems."):
        paper, _ = extract(text)
        assert all(paper.status(key) is Status.NOT_STATED for key in ("model", "optimizer", "framework")), text


@pytest.mark.parametrize("sentence", [
    "Future studies could train the network with Adam.",
    "We recommend that practitioners use Adam.",
])
def test_hypothetical_use_is_hedged(sentence):
    paper, _ = extract(sentence)
    assert paper.status("optimizer") is Status.NOT_STATED


def test_named_datasets_and_pretraining_sources():
    paper, _ = extract("We fine-tuned the classifier using the Mossbank Reef dataset of annotated reef images.")
    assert "Mossbank Reef" in values(paper, "datasets")
    paper, _ = extract("The network was pre-trained on the ImageNet dataset.")
    assert paper.status("datasets") is Status.NOT_STATED
    assert values(paper, "pretrained_weights") == ["ImageNet"]


def test_ordinary_words_are_not_augmentations():
    paper, _ = extract("We mapped crops in contrast to earlier studies, and there was a shift in species ranges.")
    assert paper.status("augmentation") is Status.NOT_STATED


def test_th_ligature_artifact_is_repaired():
    paper, document = extract("+e proposed model was trained with Adam. +erefore we report accuracy.")
    assert document.text.startswith("The proposed model") and "Therefore" in document.text
    assert values(paper, "optimizer") == ["Adam"]


def test_settings_given_in_a_table_are_stated_without_numbers():
    paper, _ = extract("Table 2: The hyperparameter values of the classification models.")
    assert values(paper, "hyperparameters") == ["hyper-parameters listed in a table"]
    paper, _ = extract("Hyperparameters are important for deep learning.")
    assert paper.status("hyperparameters") is Status.NOT_STATED


# --- precision fixes: look-alikes, references, someone else's work (all sentences invented) ---

def stated_values(text, facet):
    paper, _ = extract(text)
    return values(paper, facet)


@pytest.mark.parametrize(("text", "facet", "value"), [
    ("Methods\n\nThe images were stored on a 2 TB NVMe PCIe SSD attached to the workstation.", "model", "SSD"),
    ("Methods\n\nWe cut each recording into one 5-s clip before labelling.", "model", "CLIP"),
    ("Methods\n\nIn Eq. 3, W and b represent the weights and bias of the layer we trained.", "framework",
     "Weights & Biases"),
    ("Methods\n\nWe derived the three features F1, F2 and F3 from the soil samples.", "metrics", "F1-score"),
    ("Methods\n\nWe applied the geographical detector to rank the drivers of forest loss.", "purpose",
     "Object detection"),
    ("Methods\n\nWe report the identification of driver explanatory power for each factor.", "purpose",
     "Species identification"),
    ("Methods\n\nOur model has a small parameter count, so it runs on a phone.", "purpose", "Counting"),
    ("Methods\n\nWe relied on classical pattern recognition ideas for the design.", "purpose", "Recognition"),
    ("Methods\n\nWe masked clouds with the scene classification layer of the product.", "purpose", "Classification"),
    ("Methods\n\nPixel values were converted by proportional scaling (dividing each value by 255).", "augmentation",
     "Scaling"),
    ("Methods\n\nPreprocessing included proportional scaling (dividing each value by 1,000) and projection "
     "transformations.", "augmentation", "Scaling"),
    ("Methods\n\nTo enhance the precision of our method, we added a second stage.", "metrics", "Precision"),
    ("Methods\n\nWe set the tolerance threshold value of the solver to 0.01.", "postprocessing", "Thresholding"),
    ("Methods\n\nThe mixed-effects model we fitted had convergence issues, so we dropped a term.", "stopping_criterion",
     "Convergence"),
    ("Methods\n\nThe loss function was binary cross-entropy, which we minimised.", "metrics", "Loss"),
    ("Methods\n\nWe trained the networks until the loss stopped falling, in a study of the Kessel Plateau, Norway.",
     "stopping_criterion", "Validation loss plateau"),
    ("Methods\n\nTo ensure the accuracy of the field records, we checked every tag twice.", "metrics", "Accuracy"),
    ("Methods\n\nThe GPS accuracy of the collars we fitted was about 10 m.", "metrics", "Accuracy"),
    ("Methods\n\nThe scores were calibrated with an isotonic regression we fitted on held-out data.", "purpose",
     "Regression"),
    # a dataset in another role: the challenge an architecture won, the source of an evaluation protocol
    ("Methods\n\nWe used VGG-16, the runner-up architecture that won the ILSVRC 2014 localisation task.", "datasets",
     "ImageNet"),
    ("Methods\n\nWe use the official COCO evaluation metrics for our detector.", "datasets", "COCO"),
    ("Methods\n\nWe report AP50 and AP75 as defined by the Microsoft COCO dataset.", "datasets", "COCO"),
    ("Methods\n\nWe recorded the herd with our own RGB-D dataset of 2,000 frames.", "datasets", "RGB-D"),
])
def test_lookalikes_are_not_facts(text, facet, value):
    assert value not in stated_values(text, facet)


@pytest.mark.parametrize(("text", "facet", "value"), [
    ("Methods\n\nWe trained an SSD detector on the drone images.", "model", "SSD"),
    ("Methods\n\nWe embedded the photos with CLIP before clustering.", "model", "CLIP"),
    ("Methods\n\nWe logged all runs with wandb.", "framework", "Weights & Biases"),
    ("Methods\n\nWe evaluated the classifier with the F1 score.", "metrics", "F1-score"),
    ("Methods\n\nWe trained a detector for the detection of seals in aerial images.", "purpose", "Object detection"),
    ("Methods\n\nThe network performs species identification from wingbeat sounds we recorded.", "purpose",
     "Species identification"),
    ("Methods\n\nWe augmented the images by random scaling and flipping.", "augmentation", "Scaling"),
    ("Methods\n\nWe report precision and recall for each class.", "metrics", "Precision"),
    ("Methods\n\nA confidence threshold of 0.5 was applied to the predicted boxes.", "postprocessing", "Thresholding"),
    ("Methods\n\nWe trained the network until convergence of the training loss.", "stopping_criterion", "Convergence"),
    ("Methods\n\nWe reduced the learning rate when the validation loss reached a plateau.", "stopping_criterion",
     "Validation loss plateau"),
    ("Methods\n\nThe restored images were evaluated using PSNR and SSIM.", "metrics", "PSNR"),
    ("Methods\n\nThe restored images were evaluated using PSNR and SSIM.", "metrics", "SSIM"),
    ("Methods\n\nThe classifier we trained reached an overall accuracy of 93%.", "metrics", "Accuracy"),
    ("Methods\n\nWe trained the detector on the COCO dataset before our own images.", "datasets", "COCO"),
    ("Methods\n\nWe trained a network for the regression of canopy height from the images.", "purpose",
     "Regression"),
    ("Methods\n\nThe YOLO (You Only Look Once) detector was trained on our images.", "model", "YOLO"),
])
def test_the_real_sense_still_counts(text, facet, value):
    assert value in stated_values(text, facet)


def test_own_code_on_a_self_hosted_gitlab_or_uploaded():
    paper, _ = extract("Code availability\n\nThe code and data are available at https://gitlab.example-uni.de/lab/tool.")
    assert values(paper, "code_repository") == ["GitLab"]
    paper, _ = extract("Methods\n\nThe source code of our model has been uploaded to https://github.com/lab/tool.")
    assert values(paper, "code_link") == ["https://github.com/lab/tool"]


def test_tokens_inside_identifiers_are_not_vocabulary():
    paper, _ = extract("Methods\n\nWe downloaded the products GLO_REANALYSIS_PHY_001 and GLO_HINDCAST_WAV_002.")
    assert paper.status("data_format") is Status.NOT_STATED
    paper, _ = extract("Methods\n\nWe stored the calls as WAV files.")
    assert values(paper, "data_format") == ["Audio"]


def test_tokens_inside_urls_are_not_vocabulary():
    paper, _ = extract("Methods\n\nOur scripts are available at https://github.com/some-lab/trap-yolo-tools.")
    assert paper.status("model") is Status.NOT_STATED
    assert values(paper, "code_link") == ["https://github.com/some-lab/trap-yolo-tools"]
    assert values(paper, "model") == [] and stated_values("Methods\n\nWe trained YOLO on our images.", "model") == ["YOLO"]


@pytest.mark.parametrize("text", [
    "FooNet-YOLO: an efficient lightweight model for automated wildlife detection.",
    "Example Mapping Team, 2019.",
    ("RNN, recurrent neural network; LSTM, long short-term memory; SGD, stochastic gradient descent; "
     "RMSE, root mean squared error; SVM, support vector machine; ReLU, rectified linear unit."),
    "Methods\n\nFor example, Doe and Roe used the CNN layers to classify calls that were collected from a public archive.",
    "Methods\n\nTheir approach with a random forest yielded higher accuracy than an SVM (R2 of 0.61).",
    "Methods\n\nThe neck was first developed in the YOLOv3 and used in the YOLOv4.",
    "Abbreviations: DL, Deep learning; RNN, Recurrent neural network; FC, Fully connected.",
    ("Methods\n\nWe employed mosaic mixing, a trick first developed in the YOLOv3 and used in the YOLOv4 and "
     "YOLOv5."),
])
def test_references_glossaries_and_related_work_are_not_stated(text):
    paper, _ = extract(text)
    for key in ("model", "framework", "optimizer", "purpose", "hardware"):
        assert paper.status(key) is not Status.STATED, (key, text)


def test_own_use_with_a_named_colleague_is_still_stated():
    paper, _ = extract("Methods\n\nFollowing Doe and Roe, we used a CNN with three layers.")
    assert values(paper, "model") == ["CNN"]


def test_settings_in_parentheses_and_rate_of():
    paper, _ = extract("Methods\n\nWe tuned the initial learning rate (which we set to 0.01) and the maximum number "
                       "of epochs (which we set to 25). Dropout with a rate of 0.4 was added after the dense layer.")
    hp = {f.value: f.amount for f in paper.facets["hyperparameters"].facts if f.counts_as_stated}
    assert hp.get("learning rate") == "0.01" and hp.get("epochs") == "25" and hp.get("dropout rate") == "0.4"


def test_numbered_steps_and_patience_are_not_training_length():
    paper, _ = extract("Methods\n\nSteps: 1 Using the sorted list, we removed duplicates.")
    assert "iterations" not in values(paper, "hyperparameters")
    paper, _ = extract("Methods\n\nWe used early stopping: training stopped when the validation loss did not improve "
                       "for 12 epochs.")
    assert "epochs" not in values(paper, "hyperparameters")
    assert "Early stopping" in values(paper, "stopping_criterion")
    paper, _ = extract("Methods\n\nWe trained the model for 40 epochs.")
    assert ("epochs", "40") in {(f.value, f.amount) for f in paper.facets["hyperparameters"].facts}


def test_rescaling_and_mean_centering_are_preprocessing():
    paper, _ = extract("Methods\n\nAll input photos were preprocessed by mean centering and then rescaled between 0 "
                       "and 1.")
    assert values(paper, "preprocessing") == ["Normalization"]
    paper, _ = extract("Methods\n\nThe photos were taken at dawn.")
    assert paper.status("preprocessing") is Status.NOT_STATED


def test_dataset_names_are_canonical_and_look_like_names():
    paper, _ = extract("Methods\n\nWe trained on the ImageNet dataset and tested on the Quokka-7 dataset.")
    assert set(values(paper, "datasets")) == {"ImageNet", "Quokka-7"}
    for text in ("Methods\n\nRecords were stored in a MongoDB dataset and an SQL dataset we built.",
                 "Methods\n\nThe Input dataset was split as shown in Table 3 dataset summary.",
                 "Methods\n\nSee Table 3 KX dataset for details.",
                 "Methods\n\nWe searched the Scopus database and a Google dataset we built ourselves.",
                 "Methods\n\nOptions are a Distributed database (e.g., Hadoop) or a Relational database.",
                 "Data availability\n\nThe data used in this study are available from the authors."):
        paper, _ = extract(text)
        assert values(paper, "datasets") == [], text
    # data offered at a link are named by the link, never by one catch-all value shared by every paper
    paper, _ = extract("Data availability\n\nThe data used in this study are available at https://zenodo.org/record/123.")
    assert values(paper, "datasets") == ["Dataset at zenodo.org/record/123"]
    paper, _ = extract("Methods\n\nWe trained on the Coastal Gull Survey (CGS) dataset.")
    assert values(paper, "datasets") == ["Coastal Gull Survey"]


def test_on_request_is_not_a_negation():
    paper, _ = extract("Code availability\n\nThe code is not publicly available, but can be obtained from the authors "
                       "on request.")
    facts = paper.facets["code_link"].facts
    assert [(f.value, f.negated) for f in facts] == [("Available on request", False)]
    paper, _ = extract("Code availability\n\nThe code is not publicly available.")
    assert paper.status("code_link") is Status.NEGATED


def test_rules_version_hashes_every_rule_input():
    import inspect

    import extractor.rules as rules

    source = inspect.getsource(rules._rules_version)
    assert all(name in source for name in ("text.py", "normalize.py", "FACETS", "ALIASES"))


def test_open_access_without_a_link():
    paper, _ = extract("Methods\n\nThe complete survey data set is available online (Moreau et al., 2017).")
    assert values(paper, "datasets") == ["Publicly available data"]
    paper, _ = extract("Methods\n\nWe here provide a worked example (including code and data) of training a network.")
    assert values(paper, "code_link") == ["Available (no link given)"]
    # a third-party tool's availability, or a description of data, is not this paper's code or data
    paper, _ = extract("Methods\n\nThe R software is freely available.")
    assert paper.status("code_link") is Status.NOT_STATED
    paper, _ = extract("Methods\n\nWe provide an overview of the data in Table 2.")
    assert paper.status("datasets") is Status.NOT_STATED
    paper, _ = extract("Code availability\n\nThe code is not publicly available.")
    assert paper.status("code_link") is Status.NEGATED


def test_public_datasets_used_by_the_paper():
    paper, _ = extract("Methods\n\nWe evaluated five networks on three public leaf image datasets.")
    assert values(paper, "datasets") == ["Public dataset"]
    paper, _ = extract("Introduction\n\nFew public datasets exist for this task, such as those of earlier surveys.")
    assert paper.status("datasets") is Status.NOT_STATED
    paper, _ = extract("Methods\n\nThe network was pre-trained on a public image database.")
    assert paper.status("datasets") is Status.NOT_STATED


def test_a_tools_own_web_page_is_not_this_papers_code():
    paper, _ = extract("Methods\n\nFor tuning we used the TPE method in the Optuna package (available at "
                       "http://optuna.example.io/docs/).")
    assert paper.status("code_link") is Status.NOT_STATED
    assert values(paper, "code_link", stated=False) == ["http://optuna.example.io/docs/"]
    paper, _ = extract("Methods\n\nOur analysis software is available at http://lab.example.edu/tools/birdnet-pipe.")
    assert values(paper, "code_link") == ["http://lab.example.edu/tools/birdnet-pipe"]


def test_dimensionality_reduction_for_a_plot_is_not_preprocessing():
    paper, _ = extract("Methods\n\nt-SNE is a non-linear dimensionality reduction method for visualising the learned "
                       "features in two dimensions.")
    assert paper.status("preprocessing") is Status.NOT_STATED
    paper, _ = extract("Methods\n\nWe applied principal component analysis to the 40 climate layers before training.")
    assert values(paper, "preprocessing") == ["Dimensionality reduction"]


def test_models_at_a_data_archive_are_code_only_when_trained_models_or_code():
    paper, _ = extract("Data availability\n\nThe trained models are available from https://zenodo.org/record/555.")
    assert values(paper, "code_link") == ["https://zenodo.org/record/555"]
    paper, _ = extract("Data availability\n\nOutputs (predicted maps within the models) are available at "
                       "https://doi.org/10.5061/dryad.abc12")
    assert paper.status("code_link") is Status.NOT_STATED


def test_advice_to_the_reader_is_not_this_papers_method():
    text = "Discussion\n\nIf your images are small, you can lower the learning rate to 0.0001 and use Adam."
    assert stated_values(text, "optimizer") == []
    assert stated_values(text, "hyperparameters") == []


def test_a_package_we_built_is_our_code_when_the_next_sentence_gives_its_link():
    text = ("Methods\n\nWe have developed the 'herdcount' R package to query the counting service. "
            "The package is available online at https://github.com/example-lab/herdcount.")
    assert stated_values(text, "code_repository") == ["GitHub"]
    someone_elses = "Methods\n\nThe package is available online at https://github.com/example-lab/herdcount."
    assert stated_values(someone_elses, "code_repository") == []


def test_a_citation_number_glued_to_a_name_is_not_part_of_it():
    text = "Methods\n\nWe used the TensorFlow43 implementation and trained with Adam12 and a ResNet50 backbone."
    assert stated_values(text, "framework") == ["TensorFlow"]
    assert stated_values(text, "optimizer") == ["Adam"]
    assert stated_values(text, "model") == ["ResNet-50"]


def test_a_setting_in_parentheses_but_not_a_list_number():
    assert stated_values("Methods\n\nEach block we built has a filter size of (3, 3).", "hyperparameters") == [
        "kernel size"]
    text = "Methods\n\nWe stacked three kinds of layers: (1) convolutional layers and (2) pooling layers."
    assert "number of layers" not in stated_values(text, "hyperparameters")


@pytest.mark.parametrize("sentence", [
    "We took a random subsample of 400 images and labelled them into 'seal' or 'no seal'.",
    "All clips were manually annotated as containing a call or not.",
    "The annotators tagged each of the cells with the dominant behaviour.",
])
def test_people_labelling_the_examples_is_manual_annotation(sentence):
    assert stated_values("Methods\n\n" + sentence, "annotation") == ["Manual annotation"]


def test_labelled_data_alone_is_not_an_annotation_method():
    assert stated_values("Methods\n\nThe labelled data were used for training.", "annotation") == []


def test_an_example_list_hedges_only_what_it_lists():
    assert stated_values("Introduction\n\nSegmentation, e.g. using the UNet model, has been applied to reefs.",
                         "model") == []
    text = "Methods\n\nWe trained a UNet on GPUs (e.g. an RTX 3090) with flips (e.g. horizontal)."
    assert stated_values(text, "model") == ["U-Net"]
    assert "GPU" in stated_values(text, "hardware")


def test_a_single_authors_first_person_is_this_papers_method():
    text = "Methods\n\nI applied a random forest with 10-fold cross-validation (Kuhn, 2008)."
    assert stated_values(text, "data_split") == ["k-fold cross-validation"]


def test_pieces_of_a_reference_entry_cut_up_by_columns_are_not_stated():
    text = ("Results\n\nWe trained a U-Net on the tiles. Doe, J., 2001. Random forests. Mach. Learn. 45, 5-32. "
            "Roe, A., Poe, B., 2020. YOLOv4: optimal speed and accuracy of object detection. "
            "Attention module for convolutional neural networks. In: International Conference on Machine Learning.")
    assert stated_values(text, "model") == ["U-Net"]
    assert stated_values(text, "metrics") == []


def test_a_methods_sentence_next_to_a_reference_entry_still_counts():
    text = "Results\n\nDoe, J., 2001. The model was trained with Adam on two GPUs."
    assert stated_values(text, "optimizer") == ["Adam"]


@pytest.mark.parametrize(("text", "facet", "stated"), [
    ("The search grid was: optimizer: RMSprop or Adam; learning rate 0.1 or 0.01.", "optimizer", []),
    ("We used AdamW, which, unlike the standard Adam optimizer, decouples the weight decay.", "optimizer", ["AdamW"]),
    ("We compared the SGD and Adam algorithms; finally the network was trained with Adam.", "optimizer", ["Adam"]),
    ("The images were augmented by random rotation or horizontal flipping.", "augmentation",
     ["Data augmentation", "Flipping", "Rotation"]),
    ("No SGD or Adam was used; we trained with L-BFGS.", "optimizer", ["L-BFGS"]),
])
def test_candidates_and_contrasts_are_not_the_choice(text, facet, stated):
    assert sorted(stated_values("Methods\n\n" + text, facet)) == stated


@pytest.mark.parametrize(("text", "facet", "value"), [
    ("Demand for land use type k in t-1 and t-2 iterations was updated.", "hyperparameters", "iterations"),
    ("We repeated the training and testing for 1000 iterations with new samples.", "hyperparameters", "iterations"),
    ("We constrain the UMAP graph neighbourhood to 50 nodes.", "hyperparameters", "hidden units"),
    ("We summed CPU energy and RAM energy over the run.", "hardware", "CPU"),
    ("Our classifier had the highest class-average precision (86.4%).", "metrics", "Average precision"),
    ("Details on the implementation can be found in the Supplementary Material.", "code_link",
     "Supplementary material"),
    ("The data we collected are found on GitHub.", "code_repository", "GitHub"),
])
def test_settings_and_places_that_are_something_else(text, facet, value):
    assert value not in stated_values("Methods\n\n" + text, facet)


def test_repeated_iterations_are_repeated_runs_and_hidden_nodes_still_count():
    assert stated_values("Methods\n\nWe repeated the training and testing for 1000 iterations.", "randomness") == [
        "Repeated runs"]
    assert stated_values("Methods\n\nThe hidden layer we added has 50 nodes.", "hyperparameters") == ["hidden units"]
    assert stated_values("Methods\n\nOur R code is provided in the Supplementary Material.", "code_link") == [
        "Supplementary material"]


@pytest.mark.parametrize(("text", "url"), [
    ("Our code is available at https://github.com/example-lab/Seal-Counter -Classification.",
     "https://github.com/example-lab/Seal-Counter-Classification"),
    ("Our code is available at https://github.com/example-lab/ SealCounter.", "https://github.com/example-lab/SealCounter"),
])
def test_links_broken_by_line_ends_are_joined(text, url):
    assert stated_values("Methods\n\n" + text, "code_link") == [url]


def test_layers_count_only_for_a_network():
    assert stated_values("Methods\n\nIn the cases where 2 layers were used, variables are doubled.", "hyperparameters") == []
    assert stated_values("Methods\n\nOur network has 3 convolutional layers.", "hyperparameters") == ["number of layers"]


def test_hypotheticals_titles_as_questions_and_the_fields_open_data_are_not_stated():
    assert stated_values("Discussion\n\nIf a ViT is trained from scratch on a small dataset, it lags behind a CNN.",
                         "model") == []
    assert stated_values("Results\n\nDeep learning with Theano and Caffe: which one is the best in speed?.",
                         "framework") == []
    assert stated_values("Introduction\n\nSeveral networks trained on large image data sets are now publicly "
                         "available.", "datasets") == []
    assert stated_values("Methods\n\nThe scripts and labelled data are openly available online.", "datasets") == [
        "Publicly available data"]


def test_a_patience_criterion_is_not_negated_by_its_own_not():
    text = "Methods\n\nIf the validation loss did not improve for 10 epochs, training was stopped."
    assert "Early stopping" in stated_values(text, "stopping_criterion")


def test_a_web_application_page_is_not_code():
    text = "Methods\n\nWe developed a web-based annotation tool available on the project site (https://example.org/)."
    assert stated_values(text, "code_link") == []
    assert stated_values("Methods\n\nOur trained models are available at https://example.org/models.", "code_link") == [
        "https://example.org/models"]


def hyperparameter_amounts(text):
    paper, _ = extract("Methods\n\n" + text)
    return {(f.value, f.amount) for f in paper.facets["hyperparameters"].facts if f.counts_as_stated}


@pytest.mark.parametrize(("text", "expected"), [
    ("We tested from 20 to 100 trees in the random forest model.", {("number of trees", "20-100")}),
    ("We explored up to three hidden layers in our network.", {("number of layers", "up to three")}),
    ("The encoder runs through 12 and 24 blocks for the base and large models.", {("number of blocks", "12/24")}),
    ("We used a batch size of 32 and 100 epochs.", {("batch size", "32"), ("epochs", "100")}),
    ("The soil was split into layers of 0 to 10 cm and 10 to 40 cm.", set()),
    ("We froze the first four layers of the ResNet-50 network.", set()),
])
def test_ranges_alternatives_and_measures_in_settings(text, expected):
    assert hyperparameter_amounts(text) == expected


@pytest.mark.parametrize(("text", "facet", "value"), [
    ("Table 8 Mean area under the precision-recall gain curve over the species.", "metrics", "Precision"),
    ("The main advantage of the index is its sensitivity to infrequent categories.", "metrics", "Recall"),
    ("Its usefulness relies on the accuracy of the land-use model we used.", "metrics", "Accuracy"),
    ("Adam was finally chosen after comparing with stochastic gradient descent (SGD).", "optimizer", "SGD"),
    ("The hyper-parameters are the values tuned for COCO training from scratch.", "pretrained_weights", "COCO"),
    ("For example, in the 2016 BirdCLEF challenge, models were trained on 999 species.", "datasets", "BirdCLEF"),
    ("GBIF, 2022f. Occurrence Download, Seahorses. https://doi.org/10.15468/dl.example.", "datasets", "GBIF"),
])
def test_more_words_in_another_role(text, facet, value):
    assert value not in stated_values("Methods\n\n" + text, facet)


def test_for_example_pointing_to_our_own_figure_is_ours():
    text = "Results\n\nFor example, MobileNetV2 was selected for species A and ResNet-50 for species B (Fig. 6)."
    assert sorted(stated_values(text, "model")) == ["MobileNetV2", "ResNet-50"]


def test_a_schedule_period_is_not_the_training_length():
    text = "Methods\n\nWe trained for 100 epochs and decayed the learning rate every 30 epochs."
    assert hyperparameter_amounts(text) == {("epochs", "100")}


@pytest.mark.parametrize(("text", "facet", "value"), [
    ("Both metrics were used in past editions of BirdCLEF and worked well.", "datasets", "BirdCLEF"),
    ("Table 6 Comparison of two model parameters and detection efficiency.", "hyperparameters",
     "hyper-parameters listed in a table"),
    ("AP is the mean over all classes at an IoU threshold of 0.5.", "metrics", "IoU"),
    ("The LASSO step was used to enhance the prediction accuracy of the model.", "metrics", "Accuracy"),
    ("The search space included L-BFGS, Adam and SGD with an adaptive learning rate.", "optimizer", "Adam"),
])
def test_protocols_aims_and_search_spaces_are_not_facts(text, facet, value):
    assert value not in stated_values("Methods\n\n" + text, facet)


def test_reported_accuracy_and_iou_still_count():
    assert stated_values("Results\n\nAugmentation improved the accuracy from 80% to 90% in our tests.", "metrics") == [
        "Accuracy"]
    assert stated_values("Results\n\nWe report the IoU of each class.", "metrics") == ["IoU"]
